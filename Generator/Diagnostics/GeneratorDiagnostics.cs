using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using VaeDsl.Dsl.Model;

namespace VaeDsl.Generator.Diagnostics;

/// <summary>Turns the front end's plain-data diagnostics into Roslyn diagnostics located in the .vae file, and
/// names the generator's own IDs (VAE9xxx).</summary>
internal static class GeneratorDiagnostics
{
    private const string Category = "VaeDsl";
    /// <summary>The generator's own IDs; the front end's are in docs/diagnostics.md.</summary>
    public const string UnsupportedId = "VAE9001";
    public const string InternalErrorId = "VAE9999";

    private static readonly Dictionary<(string, Severity), DiagnosticDescriptor> FrontEndDescriptors = new();

    /// <summary>A descriptor per front-end ID and severity; the message is carried whole as the argument.</summary>
    private static DiagnosticDescriptor For(string id, Severity severity)
    {
        lock (FrontEndDescriptors)
        {
            if (!FrontEndDescriptors.TryGetValue((id, severity), out var descriptor))
            {
                descriptor = new DiagnosticDescriptor(
                    id, "VaeDsl " + id, "{0}", Category, ToRoslyn(severity), isEnabledByDefault: true);
                FrontEndDescriptors[(id, severity)] = descriptor;
            }
            return descriptor;
        }
    }

    public static Diagnostic Create(VaeDiagnostic diagnostic, string path) =>
        Diagnostic.Create(For(diagnostic.Id, diagnostic.Severity), Locate(path, diagnostic.Span), diagnostic.Message);

    public static Location Locate(string path, SourceSpan span) => Location.Create(
        path,
        new TextSpan(span.Start, span.Length),
        new LinePositionSpan(new LinePosition(span.StartLine, span.StartColumn), new LinePosition(span.EndLine, span.EndColumn)));

    private static DiagnosticSeverity ToRoslyn(Severity severity) => severity switch
    {
        Severity.Error => DiagnosticSeverity.Error,
        Severity.Warning => DiagnosticSeverity.Warning,
        _ => DiagnosticSeverity.Info,
    };
}
