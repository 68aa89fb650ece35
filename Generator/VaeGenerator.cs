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

        // The members the generated module inherits, from the Runtime and TorchSharp the project references: a latent
        // names a field, which must not hide one. Value-equal, so an edit of C# code leaves it cached.
        var inherited = context.CompilationProvider
            .Select(static (compilation, _) => InheritedMembers(compilation));

        var outputs = checkedFiles
            .Combine(rootNamespace)
            .Combine(inherited)
            .Select(static (input, cancellationToken) => Emit(input.Left.Left, input.Left.Right, cancellationToken, input.Right))
            .WithTrackingName(Steps.Emit);

        // Hint names and clashes between models need the whole project; the plan is value-equal, so an edit that
        // renames no model re-runs only the edited file's output.
        var project = outputs
            .Select(static (output, _) => output.Sources.Select(s => s.Declaration).ToEquatableArray())
            .Collect()
            .Select(static (declarations, _) => ProjectModels.Plan(declarations.SelectMany(d => d)));

        context.RegisterSourceOutput(outputs.Combine(project), static (production, input) =>
        {
            var (output, plan) = input;
            foreach (var diagnostic in output.Diagnostics)
            {
                production.ReportDiagnostic(GeneratorDiagnostics.Create(diagnostic, output.Path));
            }
            foreach (var placed in plan.Diagnostics.Where(d => d.Path == output.Path))
            {
                production.ReportDiagnostic(GeneratorDiagnostics.Create(placed.Diagnostic, output.Path));
            }
            foreach (var source in output.Sources)
            {
                if (plan.HintFor(output.Path, source.Declaration) is { } hintName)
                {
                    production.AddSource(hintName, SourceText.From(source.Text, System.Text.Encoding.UTF8));
                }
            }
        });
    }

    private static string? RootNamespace(AnalyzerConfigOptionsProvider options) =>
        options.GlobalOptions.TryGetValue("build_property.RootNamespace", out var value) ? RootNamespaces.Sanitize(value) : null;

    private static EquatableArray<string> InheritedMembers(Compilation compilation)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        for (var type = compilation.GetTypeByMetadataName("VaeDsl.Runtime.VaeModule"); type is not null; type = type.BaseType)
        {
            foreach (var member in type.GetMembers())
            {
                if (member.CanBeReferencedByName && member.DeclaredAccessibility != Accessibility.Private) names.Add(member.Name);
            }
        }
        return names.ToEquatableArray();
    }

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
    internal static GeneratorOutput Emit(CheckedFile file, string? rootNamespace, CancellationToken cancellationToken, EquatableArray<string> inheritedMembers = default)
    {
        var diagnostics = new List<VaeDiagnostic>(file.Diagnostics);
        var sources = new List<GeneratedSource>();
        var fileName = Path.GetFileName(file.Path);
        var @namespace = file.Namespace ?? rootNamespace;
        foreach (var model in file.Models)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (HiddenInheritedMember(model, inheritedMembers) is { } hiding)
            {
                diagnostics.Add(hiding);
                continue;
            }
            try
            {
                var text = ModelEmitter.Emit(model, @namespace, fileName);
                sources.Add(new GeneratedSource(new ModelDeclaration(file.Path, @namespace, model.Name, model.NameSpan), text));
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

    /// <summary>An error at the first latent whose field (or prior module field) would hide an inherited member of the
    /// generated module, such as TorchSharp's <c>add_module</c>; null when there is none.</summary>
    private static VaeDiagnostic? HiddenInheritedMember(CheckedModel model, EquatableArray<string> inheritedMembers)
    {
        if (inheritedMembers.Count == 0) return null;
        var inherited = new HashSet<string>(inheritedMembers, StringComparer.Ordinal);
        foreach (var latent in model.Latents)
        {
            var field = inherited.Contains(latent.Name) ? latent.Name : inherited.Contains(latent.Name + "_prior") ? latent.Name + "_prior" : null;
            if (field is null) continue;
            var descriptor = Dsl.Diagnostics.DiagnosticDescriptors.UnsafeIdentifier;
            var reason = $"the generated module would get a field {field}, which hides the member {field} it inherits from VaeModule or TorchSharp's Module; rename the latent";
            return new VaeDiagnostic(descriptor.Id, Severity.Error, descriptor.Format(latent.Name, "latent", reason), latent.Span);
        }
        return null;
    }

    private static CheckedFile Failed(string path, string id, string message) => new(
        path,
        null,
        EquatableArray<CheckedModel>.Empty,
        EquatableArray.Of(new VaeDiagnostic(id, Severity.Error, message, default)));

    private static string Describe(Exception exception) => $"{exception.GetType().Name}: {exception.Message}";
}

/// <summary>One generated file: the model it declares (its hint name is given by <see cref="ProjectModels"/>) and its text.</summary>
internal sealed record GeneratedSource(ModelDeclaration Declaration, string Text);

/// <summary>What the generator produces for one .vae file: sources and diagnostics, as plain value-equal data.</summary>
internal sealed record GeneratorOutput(string Path, EquatableArray<GeneratedSource> Sources, EquatableArray<VaeDiagnostic> Diagnostics);
