using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using StreamJsonRpc;
using VaeDsl.Dsl.Catalog;
using VaeDsl.Dsl.Model;
using VaeDsl.Dsl.Navigation;
using VaeDsl.LanguageServer.Protocol;

namespace VaeDsl.LanguageServer.Handlers;

/// <summary>Hover: on a layer or block use its shapes in and out and its parameters at the file's values; on a
/// hyper-parameter, latent, block or model its declaration, value and documentation.</summary>
public sealed class HoverHandler
{
    private readonly ServerContext context;

    public HoverHandler(ServerContext context) => this.context = context;

    [JsonRpcMethod("textDocument/hover")]
    public Hover? Hover(TextDocumentPositionParams request) => context.Guard.Request("textDocument/hover", () =>
    {
        if (context.Find(request.TextDocument, request.Position) is not var (document, offset)) return null;
        var analysis = document.Analysis;
        var parts = new List<string>();
        SourceSpan? span = null;
        if (analysis.ConstructAt(offset) is { } reference)
        {
            parts.Add(Describe(reference));
            span ??= reference.Span;
        }
        var layers = analysis.LayersAt(offset);
        if (layers.Count > 0)
        {
            parts.Add(Describe(layers));
            span ??= layers[0].NameSpan;
        }
        if (analysis.OccurrenceAt(offset) is { } occurrence)
        {
            parts.Add(Describe(occurrence.Symbol, analysis));
            span ??= occurrence.Span;
        }
        return span is null ? null : new Hover(MarkupContent.Markdown(string.Join("\n\n---\n\n", parts)), Protocol.Range.From(span.Value));
    });

    /// <summary>"[1, 28, 28] -> [32, 14, 14]", once per checked use (a layer in a block has one per use).</summary>
    public static string Describe(IReadOnlyList<LayerUse> uses)
    {
        var first = uses[0];
        var text = new StringBuilder();
        text.Append("**").Append(first.Name).Append("** in the ").Append(first.Section).Append(" of ").Append(first.Model);
        foreach (var use in uses)
        {
            text.Append("\n\n`").Append(Shape(use.Input)).Append(" -> ").Append(Shape(use.Output)).Append('`');
            if (use.Parameters is { } count) text.Append(" · ").Append(Count(count)).Append(count == 1 ? " parameter" : " parameters");
            else if (use.Name == "custom" && use.Output is not null) text.Append(" · parameters in its C#");
        }
        if (uses.Count > 1) text.Append("\n\n(").Append(uses.Count.ToString(CultureInfo.InvariantCulture)).Append(" uses)");
        return text.ToString();
    }

    /// <summary>A catalogue entry: its signature, doc line, shape rule and place; or one of its parameters.</summary>
    private static string Describe(ConstructReference reference)
    {
        var construct = reference.Construct;
        if (reference.Parameter is { } parameter)
        {
            var range = parameter.RangeText.Length > 0 ? ", " + parameter.RangeText : "";
            var required = parameter.IsRequired ? " (required)" : "";
            return $"```vae\n{parameter.SignatureText}\n```\n\n{parameter.Doc}\n\n{parameter.TypeText}{range}{required} · of `{construct.Signature}`";
        }
        var text = new StringBuilder($"```vae\n{construct.Signature}\n```\n\n{construct.Doc}");
        if (construct.ShapeRule.Length > 0) text.Append("\n\nshape: ").Append(construct.ShapeRule);
        text.Append("\n\n").Append(ConstructCatalog.Describe(construct.Kind)).Append(", written in ").Append(construct.Appears);
        return text.ToString();
    }

    private static string Describe(DeclaredSymbol symbol, VaeDocument analysis)
    {
        var model = analysis.File.Models.FirstOrDefault(m => m.Name == (symbol.Model ?? symbol.Name));
        var text = new StringBuilder("```vae\n");
        text.Append(symbol.Kind switch
        {
            SymbolKind.HyperParameter => $"hyper {symbol.Name} = {symbol.Detail}",
            SymbolKind.Latent => $"latent {symbol.Name} ~ {symbol.Detail}",
            SymbolKind.Block => $"block {symbol.Name}{symbol.Detail}",
            SymbolKind.BlockParameter => symbol.Detail is null ? $"(block parameter) {symbol.Name}" : $"(block parameter) {symbol.Name} = {symbol.Detail}",
            SymbolKind.Model => $"model {symbol.Name}",
            SymbolKind.Input => symbol.Detail ?? symbol.Name,
            SymbolKind.Condition => symbol.Detail ?? symbol.Name,
            _ => symbol.Name,
        });
        text.Append("\n```");
        switch (symbol.Kind)
        {
            case SymbolKind.HyperParameter when model?.Hypers.FirstOrDefault(h => h.Name == symbol.Name) is { } hyper:
                text.Append("\n\nvalue: `").Append(Number(hyper.Default)).Append('`');
                break;
            case SymbolKind.Latent when model?.Latents.FirstOrDefault(l => l.Name == symbol.Name) is { } latent:
                text.Append("\n\ncode: `[").Append(latent.Size.IntValue.ToString(CultureInfo.InvariantCulture)).Append("]`");
                var prior = model.Priors.FirstOrDefault(p => p.LatentName == latent.Name);
                if (prior is not null) text.Append(" · prior ").Append(prior.Family);
                break;
            case SymbolKind.Model when model is not null:
                text.Append("\n\n`").Append(model.Input.Shape).Append("` · ").Append(Count(ParameterCount.Of(model))).Append(" parameters");
                break;
        }
        if (symbol.Documentation is { Length: > 0 } documentation) text.Append("\n\n").Append(documentation);
        return text.ToString();
    }

    private static string Number(Expr value) => value.Kind == NumberKind.Int
        ? value.IntValue.ToString(CultureInfo.InvariantCulture)
        : value.Value.ToString("R", CultureInfo.InvariantCulture);

    public static string Shape(Shape? shape) => shape?.ToString() ?? "?";

    public static string Count(long count) => count.ToString("N0", CultureInfo.InvariantCulture);
}
