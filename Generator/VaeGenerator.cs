using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using VaeDsl.Dsl;
using VaeDsl.Dsl.Model;
using VaeDsl.Generator.Diagnostics;
using VaeDsl.Generator.Emit;

namespace VaeDsl.Generator;

/// <summary>Compiles every <c>*.vae</c> AdditionalFile into C#: one hint file per model, and the front end's
/// diagnostics located in the .vae file. The pipeline carries only value-equal data, so editing one file
/// re-runs only that file's steps.</summary>
[Generator(LanguageNames.CSharp)]
public sealed class VaeGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names of the pipeline steps, for incremental-caching tests.</summary>
    public static class Steps
    {
        public const string Compile = "VaeDsl.Compile";
        public const string Emit = "VaeDsl.Emit";
    }

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var rootNamespace = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => RootNamespace(options));

        var checkedFiles = context.AdditionalTextsProvider
            .Where(static file => file.Path.EndsWith(".vae", StringComparison.OrdinalIgnoreCase))
            .Select(static (file, cancellationToken) => Compile(file, cancellationToken))
            .WithTrackingName(Steps.Compile);

        var outputs = checkedFiles
            .Combine(rootNamespace)
            .Select(static (input, cancellationToken) => Emit(input.Left, input.Right, cancellationToken))
            .WithTrackingName(Steps.Emit);

        context.RegisterSourceOutput(outputs, static (production, output) =>
        {
            foreach (var diagnostic in output.Diagnostics)
            {
                production.ReportDiagnostic(GeneratorDiagnostics.Create(diagnostic, output.Path));
            }
            foreach (var source in output.Sources)
            {
                production.AddSource(source.HintName, SourceText.From(source.Text, System.Text.Encoding.UTF8));
            }
        });
    }

    private static string? RootNamespace(AnalyzerConfigOptionsProvider options) =>
        options.GlobalOptions.TryGetValue("build_property.RootNamespace", out var value) && !string.IsNullOrWhiteSpace(value)
            ? value.Trim()
            : null;

    private static CheckedFile Compile(AdditionalText file, CancellationToken cancellationToken)
    {
        try
        {
            var text = file.GetText(cancellationToken)?.ToString();
            if (text is null)
            {
                return VaeCompiler.Unreadable(file.Path, "the compiler could not read it as text");
            }
            return VaeCompiler.Compile(file.Path, text, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception exception)
        {
            return Failed(file.Path, GeneratorDiagnostics.InternalErrorId, Describe(exception));
        }
    }

    /// <summary>Emits every model of a file. Never throws (except on cancellation): a failure becomes a diagnostic.</summary>
    internal static GeneratorOutput Emit(CheckedFile file, string? rootNamespace, CancellationToken cancellationToken)
    {
        var diagnostics = new List<VaeDiagnostic>(file.Diagnostics);
        var sources = new List<GeneratedSource>();
        var fileName = Path.GetFileName(file.Path);
        var @namespace = file.Namespace ?? rootNamespace;
        foreach (var model in file.Models)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var text = ModelEmitter.Emit(model, @namespace, fileName);
                sources.Add(new GeneratedSource(HintName(@namespace, model.Name), text));
            }
            catch (UnsupportedConstructException unsupported)
            {
                diagnostics.Add(new VaeDiagnostic(GeneratorDiagnostics.UnsupportedId, Severity.Error, unsupported.Message, unsupported.Span));
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                diagnostics.Add(new VaeDiagnostic(GeneratorDiagnostics.InternalErrorId, Severity.Error, Describe(exception), model.Span));
            }
        }
        return new GeneratorOutput(file.Path, sources.ToEquatableArray(), diagnostics.ToEquatableArray());
    }

    private static string HintName(string? @namespace, string model) =>
        (string.IsNullOrEmpty(@namespace) ? "" : @namespace + ".") + model + ".g.cs";

    private static CheckedFile Failed(string path, string id, string message) => new(
        path,
        null,
        EquatableArray<CheckedModel>.Empty,
        EquatableArray.Of(new VaeDiagnostic(id, Severity.Error, message, default)));

    private static string Describe(Exception exception) => $"{exception.GetType().Name}: {exception.Message}";
}

/// <summary>One generated file.</summary>
internal sealed record GeneratedSource(string HintName, string Text);

/// <summary>What the generator produces for one .vae file: sources and diagnostics, as plain value-equal data.</summary>
internal sealed record GeneratorOutput(string Path, EquatableArray<GeneratedSource> Sources, EquatableArray<VaeDiagnostic> Diagnostics);
