using System.Collections.Generic;
using System.Linq;
using StreamJsonRpc;
using VaeDsl.Dsl.Model;
using VaeDsl.Dsl.Navigation;
using VaeDsl.LanguageServer.Protocol;

namespace VaeDsl.LanguageServer.Handlers;

/// <summary>Inlay hints: the shape after each layer as written in a section, each latent's code size and the
/// shape the decoder must produce for the likelihood.</summary>
public sealed class InlayHintHandler
{
    private readonly ServerContext context;

    public InlayHintHandler(ServerContext context) => this.context = context;

    [JsonRpcMethod("textDocument/inlayHint")]
    public InlayHint[]? InlayHints(InlayHintParams request) => context.Guard.Request("textDocument/inlayHint", () =>
    {
        var document = context.Documents.Get(request.TextDocument.Uri);
        if (document is null) return null;
        var analysis = document.Analysis;
        var from = analysis.Offset(request.Range.Start.Line, request.Range.Start.Character);
        var to = analysis.Offset(request.Range.End.Line, request.Range.End.Character);
        return Hints(analysis).Where(h => h.Offset >= from && h.Offset <= to).OrderBy(h => h.Offset).Select(h => h.Hint).ToArray();
    });

    public static IEnumerable<(int Offset, InlayHint Hint)> Hints(VaeDocument analysis)
    {
        // A layer inside a block or a repeated body has one shape per use; the block use or the repeat shows it.
        var written = analysis.Layers.Where(l => !l.InsideBlock && l.Output is not null).GroupBy(l => l.Span.Start).Where(g => g.Count() == 1).Select(g => g.Single());
        foreach (var layer in written) yield return At(analysis, layer.Span.End, layer.Output!.ToString());
        foreach (var model in analysis.File.Models)
        {
            foreach (var latent in model.Latents) yield return At(analysis, latent.Span.End, $"[{latent.Size.IntValue}]");
            var decoder = analysis.Symbols.FirstOrDefault(s => s.Kind == SymbolKind.Model && s.Name == model.Name)?
                .Children.FirstOrDefault(c => c.Kind == SymbolKind.Section && c.Name == "decoder");
            if (decoder is not null) yield return At(analysis, decoder.NameSpan.End, "-> " + model.Likelihood.DecoderShape);
        }
    }

    private static (int, InlayHint) At(VaeDocument analysis, int offset, string label)
    {
        var span = analysis.Span(offset, offset);
        return (offset, new InlayHint(new Position(span.StartLine, span.StartColumn), label, 1, PaddingLeft: true));
    }
}
