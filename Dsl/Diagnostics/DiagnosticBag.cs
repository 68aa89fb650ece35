using System.Collections.Generic;
using System.Linq;
using VaeDsl.Dsl.Model;
using VaeDsl.Dsl.Syntax;

namespace VaeDsl.Dsl.Diagnostics;

/// <summary>Collects diagnostics while a file is parsed and bound.</summary>
internal sealed class DiagnosticBag
{
    private readonly SourceText source;
    private readonly List<VaeDiagnostic> items = new();
    private readonly HashSet<VaeDiagnostic> seen = new();

    public DiagnosticBag(SourceText source) => this.source = source;

    /// <summary>A file with more problems than this is hopeless; listing all of them only floods the build.</summary>
    public const int MaxReported = 500;

    public int ErrorCount { get; private set; }

    /// <summary>Whether diagnostics were dropped after <see cref="MaxReported"/>.</summary>
    public bool Truncated => items.Count > MaxReported;

    /// <summary>Records a diagnostic. The same diagnostic at the same place is kept once (a block used twice or
    /// a repeated body would otherwise repeat it), but still counts, so every model it affects fails.</summary>
    public void Report(DiagnosticDescriptor descriptor, TextRange range, params object[] arguments)
    {
        if (descriptor.Severity == Severity.Error) ErrorCount++;
        if (items.Count > MaxReported) return;
        if (items.Count == MaxReported)
        {
            items.Add(new VaeDiagnostic(DiagnosticDescriptors.TooManyDiagnostics.Id, Severity.Error,
                DiagnosticDescriptors.TooManyDiagnostics.Format(MaxReported), source.Span(range)));
            return;
        }
        var diagnostic = new VaeDiagnostic(descriptor.Id, descriptor.Severity, descriptor.Format(arguments.Select(Shorten).ToArray()), source.Span(range));
        if (seen.Add(diagnostic)) items.Add(diagnostic);
    }

    /// <summary>Quoted names and texts longer than this are cut, so a hostile file cannot make huge messages.</summary>
    private const int MaxArgumentLength = 200;

    private static object Shorten(object argument) =>
        argument is string text && text.Length > MaxArgumentLength ? text.Substring(0, MaxArgumentLength) + "…" : argument;

    /// <summary>Whether an error other than a syntax error starts inside <paramref name="span"/>. Syntax errors
    /// are tied to their model by the parser instead, since "expected '}'" may point at the next model.</summary>
    public bool HasErrorWithin(SourceSpan span) =>
        items.Any(d => d.Severity == Severity.Error && d.Id != DiagnosticDescriptors.SyntaxError.Id && d.Span.Start >= span.Start && d.Span.Start < span.End);

    /// <summary>All diagnostics by position (stable for equal positions: the order they were found).</summary>
    public IEnumerable<VaeDiagnostic> Sorted() => items.Select((d, i) => (d, i)).OrderBy(p => p.d.Span.Start).ThenBy(p => p.i).Select(p => p.d);
}
