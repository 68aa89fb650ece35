using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
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

    public SourceSpan Span(int start, int end) => source.Span(new TextRange(start, end));
}
