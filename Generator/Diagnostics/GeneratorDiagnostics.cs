using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using VaeDsl.Dsl.Model;
using Table = VaeDsl.Dsl.Diagnostics.DiagnosticDescriptors;

namespace VaeDsl.Generator.Diagnostics;

/// <summary>Turns the plain-data diagnostics of the front end and of the emitter into Roslyn diagnostics located
/// in the .vae file. Every Roslyn descriptor is built from the one table (<c>Dsl/Diagnostics/DiagnosticDescriptors.cs</c>):
/// its title, category and a help link to the ID's section of docs/diagnostics.md.</summary>
internal static class GeneratorDiagnostics
{
    public static string UnsupportedId => Table.UnsupportedConstruct.Id;

    public static string InternalErrorId => Table.GeneratorInternalError.Id;

    // The message is formatted by the front end, so each descriptor carries it whole as its one argument. One table of
    // descriptors per documentation page (a project may name its own); nearly always only the default one.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Dictionary<string, DiagnosticDescriptor>> Descriptors = new();

    public static Diagnostic Create(VaeDiagnostic diagnostic, string path, string page = Dsl.Diagnostics.DiagnosticDescriptor.DocumentationPage) =>
        Diagnostic.Create(Descriptor(diagnostic, page), Locate(path, diagnostic.Span), diagnostic.Message);

    /// <summary>The table's descriptor of the ID; an ID missing from the table (a bug) is still reported as itself.</summary>
    private static DiagnosticDescriptor Descriptor(VaeDiagnostic diagnostic, string page) =>
        Descriptors.GetOrAdd(page, static p => Table.All.ToDictionary(d => d.Id, d => ToRoslyn(d, p))).TryGetValue(diagnostic.Id, out var descriptor)
            ? descriptor
            : new DiagnosticDescriptor(diagnostic.Id, diagnostic.Id, "{0}", "VaeDsl", ToRoslyn(diagnostic.Severity), isEnabledByDefault: true);

    public static Location Locate(string path, SourceSpan span) => Location.Create(
        path,
        new TextSpan(span.Start, span.Length),
        new LinePositionSpan(new LinePosition(span.StartLine, span.StartColumn), new LinePosition(span.EndLine, span.EndColumn)));

    private static DiagnosticDescriptor ToRoslyn(Dsl.Diagnostics.DiagnosticDescriptor entry, string page) => new(
        entry.Id, entry.Title, "{0}", entry.Category, ToRoslyn(entry.Severity), isEnabledByDefault: true, helpLinkUri: entry.HelpLinkOn(page));

    private static DiagnosticSeverity ToRoslyn(Severity severity) => severity switch
    {
        Severity.Error => DiagnosticSeverity.Error,
        Severity.Warning => DiagnosticSeverity.Warning,
        _ => DiagnosticSeverity.Info,
    };
}
