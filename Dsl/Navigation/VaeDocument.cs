using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using VaeDsl.Dsl.Catalog;
using VaeDsl.Dsl.Model;
using VaeDsl.Dsl.Syntax;

namespace VaeDsl.Dsl.Navigation;

/// <summary>One .vae file checked for an editor or a command: the build's result (<see cref="File"/>) plus
/// the questions an editor asks about places in the text (what is declared, what is named here, what shape
/// does this layer make). Built by one run of the front end, so it can never disagree with the build.</summary>
public sealed class VaeDocument
{
    private readonly SourceText source;

    private VaeDocument(SourceText source, CheckedFile file, IReadOnlyList<LayerUse> layers, OutlineBuilder? outline)
    {
        this.source = source;
        File = file;
        Layers = layers;
        Symbols = outline?.Symbols ?? new List<DeclaredSymbol>();
        Occurrences = outline?.Occurrences ?? new List<SymbolOccurrence>();
        Folds = outline?.Folds.Select(source.Span).ToList() ?? new List<SourceSpan>();
    }

    /// <summary>Checks <paramref name="text"/>. Never throws except <see cref="OperationCanceledException"/>.</summary>
    public static VaeDocument Analyze(string path, string text, CancellationToken cancellationToken = default)
    {
        var source = new SourceText(text ?? "");
        var layers = new List<LayerUse>();
        var file = VaeCompiler.Compile(path, source, cancellationToken, layers, out var syntax);
        OutlineBuilder? outline = null;
        if (syntax is not null)
        {
            try
            {
                outline = new OutlineBuilder(source);
                outline.Build(syntax);
            }
            catch (Exception exception) when (exception is not OperationCanceledException and not OutOfMemoryException)
            {
                // The diagnostics still hold; only the navigation is lost, and the internal error says why.
                outline = null;
                file = file with { Diagnostics = file.Diagnostics.Append(new VaeDiagnostic(
                    Diagnostics.DiagnosticDescriptors.InternalError.Id, Severity.Error,
                    Diagnostics.DiagnosticDescriptors.InternalError.Format(exception.GetType().Name + ": " + exception.Message), source.Span(new TextRange(0, 0)))).ToEquatableArray() };
            }
        }
        return new VaeDocument(source, file, layers, outline);
    }

    public string Text => source.Text;

    /// <summary>What the build sees: models free of errors and every diagnostic.</summary>
    public CheckedFile File { get; }

    /// <summary>Every layer item in text order of checking, with its shapes (also in models with errors).</summary>
    public IReadOnlyList<LayerUse> Layers { get; }

    /// <summary>File-level blocks and models, each with its declarations as children.</summary>
    public IReadOnlyList<DeclaredSymbol> Symbols { get; }

    /// <summary>Every declaration and use of a hyper-parameter, block, block parameter or latent, by position.</summary>
    public IReadOnlyList<SymbolOccurrence> Occurrences { get; }

    private IReadOnlyList<string>? customTypes;

    /// <summary>The C# types the custom layers of the file name (<c>MyLayers.Gate</c>), each once, in the order the
    /// file names them first. Read from the tokens, so a half-written model's are known too: <c>custom</c>, a dotted
    /// name on the same line, then its arguments or shapes.</summary>
    public IReadOnlyList<string> CustomTypes => customTypes ??= CustomTypesOf(source.Text, Tokens.Tokens);

    private static IReadOnlyList<string> CustomTypesOf(string text, IReadOnlyList<ScannedToken> tokens)
    {
        string At(int i) => PlaceFinder.Text(text, tokens[i]);
        var types = new List<string>();
        for (var i = 0; i + 1 < tokens.Count; i++)
        {
            if (tokens[i].Kind != TokenKind.Identifier || At(i) != "custom" || tokens[i + 1].Kind != TokenKind.Identifier) continue;
            // On the keyword's line only: `custom` being typed above a `linear(8)` does not name a type linear.
            if (Enumerable.Range(tokens[i].End, tokens[i + 1].Start - tokens[i].End).Any(k => SourceText.IsLineBreak(text[k]))) continue;
            var name = At(i + 1);
            var next = i + 2;
            while (next + 1 < tokens.Count && At(next) == "." && tokens[next + 1].Kind == TokenKind.Identifier)
            {
                name += "." + At(next + 1);
                next += 2;
            }
            if (next < tokens.Count && At(next) is var after && (after.StartsWith("(", StringComparison.Ordinal) || after.StartsWith("[", StringComparison.Ordinal) || after.StartsWith("-", StringComparison.Ordinal))
                && !types.Contains(name))
            {
                types.Add(name);
            }
        }
        return types;
    }

    /// <summary>Models, blocks, sections and bodies an editor can fold.</summary>
    public IReadOnlyList<SourceSpan> Folds { get; }

    /// <summary>The name at <paramref name="offset"/> (the offset may sit just after it, as a cursor does).</summary>
    public SymbolOccurrence? OccurrenceAt(int offset) =>
        Occurrences.Where(o => o.Span.Start <= offset && offset <= o.Span.End).OrderBy(o => o.Span.Length).FirstOrDefault();

    public IEnumerable<SymbolOccurrence> OccurrencesOf(DeclaredSymbol symbol) => Occurrences.Where(o => ReferenceEquals(o.Symbol, symbol));

    /// <summary>Each checked use of the layer item whose name is at <paramref name="offset"/> (several for a
    /// layer inside a block or a repeated body).</summary>
    public IReadOnlyList<LayerUse> LayersAt(int offset) =>
        Layers.Where(l => l.NameSpan.Start <= offset && offset <= l.NameSpan.End).ToList();

    /// <summary>The checked model whose text holds <paramref name="offset"/>, if it has no errors.</summary>
    public CheckedModel? ModelAt(int offset) => File.Models.FirstOrDefault(m => m.Span.Start <= offset && offset <= m.Span.End);

    /// <summary>The offset of a zero-based line and column (UTF-16 code units), clamped to the text.</summary>
    public int Offset(int line, int column) => source.Offset(line, column);

    private TokenScan? tokens;

    private TokenScan Tokens => tokens ??= TokenScan.Run(source.Text, CancellationToken.None);

    private Place PlaceAt(int offset) => PlaceFinder.Find(source.Text, Tokens.Tokens, Math.Max(0, Math.Min(offset, source.Text.Length)));

    /// <summary>What may be written at <paramref name="offset"/>: layers and blocks in a layer list, a call's
    /// remaining arguments, families after <c>latent z ~</c>, the priors fitting that latent, likelihoods, loss
    /// terms and schedules, train settings and their values, hyper-parameters where a number goes. Works on
    /// half-written text; the word being typed before the offset is left for the editor to filter by. After
    /// <c>custom</c>, the C# types named by the custom layers of this file and of <paramref name="workspace"/> (the
    /// other files an editor has open), then the layer's form as a snippet.</summary>
    public IReadOnlyList<Suggestion> Suggest(int offset, IEnumerable<VaeDocument>? workspace = null) =>
        new SuggestionFinder(this, workspace ?? new VaeDocument[0]).At(PlaceAt(offset), offset);

    /// <summary>The call whose parentheses hold <paramref name="offset"/>, with the parameter being written; null outside a call.</summary>
    public CallSignature? SignatureAt(int offset)
    {
        var place = PlaceAt(offset);
        if (place.Call is { } construct)
        {
            var parameters = construct.Parameters.Select(p => new SignatureParameter(p.SignatureText, p.Doc)).ToList();
            var active = place.Named is { } named ? construct.Parameters.ToList().FindIndex(p => p.Name == named) : place.Index;
            return new CallSignature(construct.Signature, construct.Doc, parameters, active < parameters.Count ? active : -1);
        }
        if (place.CallBlock is { } name && new SuggestionFinder(this).Blocks(place.Model, offset).FirstOrDefault(b => b.Name == name) is { } block)
        {
            var parameters = block.Children.Select(p => new SignatureParameter(p.Detail is null ? p.Name : p.Name + " = " + p.Detail, null)).ToList();
            var active = place.Named is { } named ? block.Children.ToList().FindIndex(p => p.Name == named) : place.Index;
            return new CallSignature(block.Name + block.Detail, block.Documentation, parameters, active < parameters.Count ? active : -1);
        }
        return null;
    }

    /// <summary>The catalogue entry named by the word at <paramref name="offset"/>: a layer, family, prior,
    /// likelihood, loss term, schedule or optimizer, or an argument or train setting with its construct.</summary>
    public ConstructReference? ConstructAt(int offset)
    {
        var index = Tokens.IndexAtOrAfter(offset + 1) - 1;
        if (index < 0) return null;
        var token = Tokens.Tokens[index];
        if (token.Kind != TokenKind.Identifier || offset < token.Start || offset > token.End) return null;
        var word = PlaceFinder.Text(source.Text, token);
        var span = source.Span(new TextRange(token.Start, token.End));
        var named = index + 1 < Tokens.Tokens.Count && PlaceFinder.Text(source.Text, Tokens.Tokens[index + 1]) == ":";
        var place = PlaceAt(token.Start);
        var found = place.What switch
        {
            PlaceKind.LayerList => Entry(ConstructKind.Layer, word),
            PlaceKind.Construct => Entry(place.Kind!.Value, word),
            PlaceKind.AfterLoss => Entry(ConstructKind.WeightSchedule, word),
            PlaceKind.Value when place.Parameter?.Takes is { } kind => Entry(kind, word),
            PlaceKind.Setting when named => Parameter(ConstructCatalog.OfKind(ConstructKind.Training)[0], word),
            PlaceKind.Argument when named && place.Call is { } call => Parameter(call, word),
            _ => null,
        };
        return found is { } f ? new ConstructReference(f.Construct, f.Parameter, span) : null;
    }

    private static (Construct Construct, ConstructParameter? Parameter)? Entry(ConstructKind kind, string name) =>
        ConstructCatalog.Find(kind, name) is { } construct ? (construct, null) : null;

    private static (Construct Construct, ConstructParameter? Parameter)? Parameter(Construct construct, string name) =>
        construct.Parameter(name) is { } parameter ? (construct, parameter) : null;

    public SourceSpan Span(int start, int end) => source.Span(new TextRange(start, end));
}
