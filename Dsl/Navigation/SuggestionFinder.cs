using System.Collections.Generic;
using System.Linq;
using VaeDsl.Dsl.Catalog;
using VaeDsl.Dsl.Syntax;

namespace VaeDsl.Dsl.Navigation;

/// <summary>Turns a <see cref="Place"/> into what may be written there, from the construct catalogue, the
/// grammar's keywords and the names the file declares.</summary>
internal sealed class SuggestionFinder
{
    private readonly VaeDocument document;
    private readonly IEnumerable<VaeDocument> workspace;

    public SuggestionFinder(VaeDocument document, IEnumerable<VaeDocument>? workspace = null)
    {
        this.document = document;
        this.workspace = workspace ?? new VaeDocument[0];
    }

    public IReadOnlyList<Suggestion> At(Place place, int offset)
    {
        var list = new List<Suggestion>();
        switch (place.What)
        {
            case PlaceKind.File:
                list.AddRange(new[] { "model", "block", "namespace" }.Select(Keyword));
                break;
            case PlaceKind.Member:
                list.AddRange(Grammar.MemberKeywords.OrderBy(k => k, System.StringComparer.Ordinal).Select(Keyword));
                break;
            case PlaceKind.LayerList:
                list.AddRange(ConstructCatalog.OfKind(ConstructKind.Layer).Select(Of));
                list.AddRange(Blocks(place.Model, offset).Select(b => new Suggestion(b.Name, SuggestionKind.Block, b.Name, "block " + b.Name + b.Detail, b.Documentation)));
                list.Add(Keyword("repeat"));
                break;
            case PlaceKind.CustomType:
                list.AddRange(CustomTypes());
                break;
            case PlaceKind.Construct:
                var constructs = place.Kind == ConstructKind.Prior && LatentFamily(place) is { } family
                    ? ConstructCatalog.PriorsFor(family)
                    : ConstructCatalog.OfKind(place.Kind!.Value);
                list.AddRange(constructs.Select(Of));
                if (place.Kind == ConstructKind.LossTerm) list.AddRange(Names(place.Model, offset));
                break;
            case PlaceKind.AfterLoss:
                list.AddRange(ConstructCatalog.OfKind(ConstructKind.WeightSchedule).Select(Of));
                break;
            case PlaceKind.Setting:
                list.AddRange(ConstructCatalog.TrainSettings.Where(p => !place.Given.Contains(p.Name)).Select(p => Of(p, ConstructCatalog.OfKind(ConstructKind.Training)[0])));
                break;
            case PlaceKind.Value:
                list.AddRange(Values(place.Parameter));
                if (place.Parameter is null || place.Parameter.Type is ParameterType.Integer or ParameterType.Number or ParameterType.NumberOrWord) list.AddRange(Names(place.Model, offset));
                break;
            case PlaceKind.Number:
                list.AddRange(Names(place.Model, offset));
                break;
            case PlaceKind.Argument:
                list.AddRange(Remaining(place, offset));
                list.AddRange(Names(place.Model, offset));
                break;
        }
        return list;
    }

    /// <summary>After <c>custom</c>: the types the custom layers of this file name, then those of the other files, then
    /// the catalogue's form of the layer as a snippet (each placeholder a tab stop).</summary>
    private IEnumerable<Suggestion> CustomTypes()
    {
        var custom = ConstructCatalog.OfKind(ConstructKind.Layer).First(c => c.IsCustom);
        var here = document.CustomTypes.Select(t => (Type: t, Where: "named by a custom layer of this file"));
        var elsewhere = workspace.Where(d => !ReferenceEquals(d, document))
            .SelectMany(d => d.CustomTypes.Select(t => (Type: t, Where: "named by a custom layer of " + System.IO.Path.GetFileName(d.File.Path))));
        var seen = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var (type, where) in here.Concat(elsewhere))
        {
            if (seen.Add(type)) yield return new Suggestion(type, SuggestionKind.CustomType, type, where, custom.Doc) { Construct = custom };
        }
        var slot = 0;
        var snippet = string.Concat(custom.Form.Select(p => p.Placeholder ? "${" + ++slot + ":" + SnippetText(p.Text) + "}" : SnippetText(p.Text)));
        var form = string.Concat(custom.Form.Select(p => p.Text));
        yield return new Suggestion(form, SuggestionKind.Snippet, snippet, custom.Signature, custom.Doc) { Construct = custom };
    }

    /// <summary>Text inside an LSP snippet, where $, } and \ are escaped.</summary>
    private static string SnippetText(string text) => text.Replace("\\", "\\\\").Replace("$", "\\$").Replace("}", "\\}");

    /// <summary>The arguments of the call not yet written: neither by name nor by position.</summary>
    private IEnumerable<Suggestion> Remaining(Place place, int offset)
    {
        if (place.Call is { } construct)
        {
            var positional = place.Positional;
            return construct.Parameters.Skip(positional).Where(p => !place.Given.Contains(p.Name)).Select(p => Of(p, construct));
        }
        if (place.CallBlock is { } name && Blocks(place.Model, offset).FirstOrDefault(b => b.Name == name) is { } block)
        {
            var positional = place.Positional;
            return block.Children.Skip(positional).Where(p => !place.Given.Contains(p.Name))
                .Select(p => new Suggestion(p.Name, SuggestionKind.Parameter, p.Name + ": ", p.Detail is null ? p.Name : p.Name + ": " + p.Detail, null));
        }
        return new Suggestion[0];
    }

    private static IEnumerable<Suggestion> Values(ConstructParameter? parameter)
    {
        if (parameter is null) return new Suggestion[0];
        if (parameter.Type == ParameterType.Construct && parameter.Takes is { } kind) return ConstructCatalog.OfKind(kind).Select(Of);
        var words = parameter.Type == ParameterType.Boolean ? new[] { "true", "false" } : parameter.Words;
        return words.Select(w => new Suggestion(w, SuggestionKind.Word, w, parameter.SignatureText, parameter.Doc) { Parameter = parameter });
    }

    /// <summary>Hyper-parameters of the model, and the parameters of the block the offset is in.</summary>
    private IEnumerable<Suggestion> Names(string? model, int offset)
    {
        var declarations = document.Symbols.Where(s => s.Kind == SymbolKind.Model && s.Name == model).SelectMany(s => s.Children)
            .Where(c => c.Kind == SymbolKind.HyperParameter)
            .Select(h => new Suggestion(h.Name, SuggestionKind.HyperParameter, h.Name, h.Name + " = " + h.Detail, h.Documentation));
        var block = document.Symbols.SelectMany(s => s.Kind == SymbolKind.Block ? new[] { s } : s.Children.Where(c => c.Kind == SymbolKind.Block).ToArray())
            .FirstOrDefault(b => b.Span.Start <= offset && offset <= b.Span.End);
        var parameters = block?.Children.Select(p => new Suggestion(p.Name, SuggestionKind.BlockParameter, p.Name, "parameter of block " + block.Name, null)) ?? new Suggestion[0];
        return parameters.Concat(declarations.Where(d => block is null || !block.Children.Any(p => p.Name == d.Label)));
    }

    /// <summary>File-level blocks and those of the model.</summary>
    public IEnumerable<DeclaredSymbol> Blocks(string? model, int offset) =>
        document.Symbols.Where(s => s.Kind == SymbolKind.Block)
            .Concat(document.Symbols.Where(s => s.Kind == SymbolKind.Model && s.Name == model).SelectMany(s => s.Children).Where(c => c.Kind == SymbolKind.Block));

    /// <summary>The family of the latent a prior is being written for: from the checked model, or as written.</summary>
    private string? LatentFamily(Place place)
    {
        var checkedLatent = document.File.Models.FirstOrDefault(m => m.Name == place.Model)?.Latents.FirstOrDefault(l => l.Name == place.Latent);
        if (checkedLatent is not null) return checkedLatent.Family;
        var written = document.Symbols.Where(s => s.Kind == SymbolKind.Model && s.Name == place.Model).SelectMany(s => s.Children)
            .FirstOrDefault(c => c.Kind == SymbolKind.Latent && c.Name == place.Latent)?.Detail;
        if (written is null) return null;
        var end = 0;
        while (end < written.Length && Lexical.IsIdentifierPart(written[end])) end++;
        return written.Substring(0, end);
    }

    private static Suggestion Keyword(string word) => new(word, SuggestionKind.Keyword, word, null, null);

    public static Suggestion Of(Construct construct) =>
        new(construct.Name, SuggestionKind.Construct, construct.Name, construct.Signature, construct.Doc) { Construct = construct };

    private static Suggestion Of(ConstructParameter parameter, Construct construct) =>
        new(parameter.Name, SuggestionKind.Parameter, parameter.Name + ": ", parameter.SignatureText, parameter.Doc) { Construct = construct, Parameter = parameter };
}
