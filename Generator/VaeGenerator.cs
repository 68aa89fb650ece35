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
        public const string CustomTypes = "VaeDsl.CustomTypes";
    }

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var rootNamespace = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => RootNamespace(options));
        var diagnosticsPage = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => DiagnosticsPage(options));

        var checkedFiles = context.AdditionalTextsProvider
            .Where(static file => file.Path.EndsWith(".vae", StringComparison.OrdinalIgnoreCase))
            .Select(static (file, cancellationToken) => Compile(file, cancellationToken))
            .WithTrackingName(Steps.Compile);

        // The members the generated module inherits, from the Runtime and TorchSharp the project references: a latent
        // names a field, which must not hide one. Value-equal, so an edit of C# code leaves it cached.
        var inherited = context.CompilationProvider
            .Select(static (compilation, _) => InheritedMembers(compilation));

        // The types custom layers name, looked up in the compilation on each change of it; the step's result is the file
        // and plain facts about those types (constructors, whether each is a module), so an edit of C# code that leaves
        // them as they were leaves the emitted models cached. Files without custom layers look nothing up.
        var resolvedFiles = checkedFiles
            .Combine(rootNamespace)
            .Combine(context.CompilationProvider)
            .Select(static (input, cancellationToken) => CustomTypes.Resolve(input.Left.Left, input.Left.Right, input.Right, cancellationToken))
            .WithTrackingName(Steps.CustomTypes);

        var outputs = resolvedFiles
            .Combine(rootNamespace)
            .Combine(inherited)
            .Select(static (input, cancellationToken) => Emit(input.Left.Left.File, input.Left.Right, cancellationToken, input.Right, input.Left.Left.CustomTypes))
            .WithTrackingName(Steps.Emit);

        // Hint names and clashes between models need the whole project; the plan is value-equal, so an edit that
        // renames no model re-runs only the edited file's output.
        var project = outputs
            .Select(static (output, _) => output.Sources.Select(s => s.Declaration).ToEquatableArray())
            .Collect()
            .Select(static (declarations, _) => ProjectModels.Plan(declarations.SelectMany(d => d)));

        context.RegisterSourceOutput(outputs.Combine(project).Combine(diagnosticsPage), static (production, input) =>
        {
            var ((output, plan), page) = input;
            foreach (var diagnostic in output.Diagnostics)
            {
                production.ReportDiagnostic(GeneratorDiagnostics.Create(diagnostic, output.Path, page));
            }
            foreach (var placed in plan.Diagnostics.Where(d => d.Path == output.Path))
            {
                production.ReportDiagnostic(GeneratorDiagnostics.Create(placed.Diagnostic, output.Path, page));
            }
            foreach (var source in output.Sources)
            {
                if (plan.HintFor(output.Path, source.Declaration) is { } hintName)
                {
                    production.AddSource(hintName, SourceText.From(source.Text, System.Text.Encoding.UTF8));
                }
            }
        });

        // A refused model takes its namespace with it, and the user's `using` of that namespace would add CS0246 to
        // the .vae error: declare the namespaces of files with errors, once each, in one file.
        var refusedNamespaces = outputs
            .Select(static (output, _) => output.RefusedNamespace)
            .Where(static name => name is not null)
            .Collect();
        context.RegisterSourceOutput(refusedNamespaces, static (production, names) =>
        {
            if (names.IsEmpty) return;
            production.AddSource(RefusedNamespacesHintName, SourceText.From(RefusedNamespaces(names!), System.Text.Encoding.UTF8));
        });
    }

    /// <summary>A hint name no model's can be: C# names have no '-'.</summary>
    internal const string RefusedNamespacesHintName = "VaeDsl-refused-models.g.cs";

    internal static string RefusedNamespaces(IEnumerable<string> names)
    {
        var text = new System.Text.StringBuilder();
        text.Append("// <auto-generated/>\n");
        text.Append("// Models of these namespaces were refused with errors in their .vae files; the namespaces are still declared\n");
        text.Append("// so that a using directive of them adds no error of its own.\n");
        foreach (var name in names.Distinct(StringComparer.Ordinal).OrderBy(n => n, StringComparer.Ordinal))
        {
            text.Append("namespace ").Append(name).Append(" { }\n");
        }
        return text.ToString();
    }

    /// <summary>Whether <paramref name="name"/> can be written after <c>namespace</c> as it is.</summary>
    private static bool IsNamespaceName(string name) => name.Split('.').All(part =>
        Microsoft.CodeAnalysis.CSharp.SyntaxFacts.IsValidIdentifier(part)
        && Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(part) == Microsoft.CodeAnalysis.CSharp.SyntaxKind.None
        && Dsl.Binding.Identifiers.WhyUnsafeNamespacePart(part) is null);

    private static string? RootNamespace(AnalyzerConfigOptionsProvider options) =>
        options.GlobalOptions.TryGetValue("build_property.RootNamespace", out var value) ? RootNamespaces.Sanitize(value) : null;

    /// <summary>The page help links point to: the project's <c>VaeDslDiagnosticsPage</c> property when it is set, else
    /// the documentation's address.</summary>
    private static string DiagnosticsPage(AnalyzerConfigOptionsProvider options) =>
        options.GlobalOptions.TryGetValue("build_property.VaeDslDiagnosticsPage", out var value) && !string.IsNullOrWhiteSpace(value)
            ? value.Trim()
            : Dsl.Diagnostics.DiagnosticDescriptor.DocumentationPage;

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
        catch (Exception exception) when (exception is System.IO.IOException or UnauthorizedAccessException)
        {
            // Not a defect: the file went away, is locked or may not be read. Say so at the file.
            return VaeCompiler.ReadFailed(file.Path, exception.Message);
        }
        catch (Exception exception)
        {
            return Failed(file.Path, GeneratorDiagnostics.InternalErrorId, Describe(exception));
        }
    }

    /// <summary>Emits every model of a file. Never throws (except on cancellation): a failure becomes a diagnostic.</summary>
    internal static GeneratorOutput Emit(CheckedFile file, string? rootNamespace, CancellationToken cancellationToken, EquatableArray<string> inheritedMembers = default,
        EquatableArray<CustomTypeFacts> customTypes = default)
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
            var errors = diagnostics.Count;
            var customLayers = CustomLayerPlan.For(model, customTypes, diagnostics);
            if (diagnostics.Count > errors) continue;
            try
            {
                var text = ModelEmitter.Emit(model, @namespace, fileName, customLayers);
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
        var refused = diagnostics.Any(d => d.Severity == Severity.Error) && !string.IsNullOrEmpty(@namespace) && IsNamespaceName(@namespace!) ? @namespace : null;
        return new GeneratorOutput(file.Path, sources.ToEquatableArray(), diagnostics.ToEquatableArray(), refused);
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

/// <summary>What the generator produces for one .vae file: sources and diagnostics, as plain value-equal data.
/// <c>RefusedNamespace</c> is the namespace of a file with errors, declared anyway (see <see cref="VaeGenerator.RefusedNamespaces"/>).</summary>
internal sealed record GeneratorOutput(string Path, EquatableArray<GeneratedSource> Sources, EquatableArray<VaeDiagnostic> Diagnostics, string? RefusedNamespace = null);
