using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace VaeDsl.Generator.Tests.Infrastructure;

/// <summary>Runs <see cref="VaeGenerator"/> over in-memory .vae files inside an in-memory C# compilation that
/// references the Runtime and TorchSharp, as a user's project would.</summary>
internal static class GeneratorHarness
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(LoadReferences);

    public static CSharpCompilation NewCompilation(string assemblyName = "UserProject") => CSharpCompilation.Create(
        assemblyName,
        syntaxTrees: [],
        references: References.Value,
        options: new CSharpCompilationOptions(
            OutputKind.DynamicallyLinkedLibrary,
            nullableContextOptions: NullableContextOptions.Enable,
            generalDiagnosticOption: ReportDiagnostic.Error,
            deterministic: true));

    /// <param name="properties">MSBuild properties the generator may read (<c>VaeDslDiagnosticsPage</c>), by name.</param>
    public static GeneratorDriver NewDriver(IEnumerable<AdditionalText> files, string? rootNamespace = "UserProject", IReadOnlyDictionary<string, string>? properties = null) =>
        CSharpGeneratorDriver.Create(
            generators: [new VaeGenerator().AsSourceGenerator()],
            additionalTexts: files,
            // Doc comments checked as in a project that generates its documentation file.
            parseOptions: new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.Diagnose),
            optionsProvider: new TestOptionsProvider(rootNamespace, properties),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator on the given files and returns its result and the compilation with the generated code.</summary>
    public static (GeneratorDriverRunResult Result, Compilation Output) Run(params (string Path, string Text)[] files) =>
        RunInProject("UserProject", files);

    /// <summary>Runs the generator in a project whose <c>RootNamespace</c> is <paramref name="rootNamespace"/>.</summary>
    public static (GeneratorDriverRunResult Result, Compilation Output) RunInProject(string? rootNamespace, params (string Path, string Text)[] files) =>
        RunInProject(rootNamespace, [], files);

    /// <summary>Runs the generator in a project with C# files of its own (<paramref name="code"/>), such as the modules custom layers name.</summary>
    public static (GeneratorDriverRunResult Result, Compilation Output) RunWithCode(IEnumerable<string> code, params (string Path, string Text)[] files) =>
        RunInProject("UserProject", code, files);

    /// <summary>Runs the generator on the language tour in a project that compiles its C# half, Vae.Layers.cs, beside it.</summary>
    public static (GeneratorDriverRunResult Result, Compilation Output) RunTour() =>
        RunWithCode([File.ReadAllText(VaeDsl.Testing.RepositoryRoot.File("Vae.Layers.cs"))], ("/project/Vae.vae", File.ReadAllText(VaeDsl.Testing.RepositoryRoot.File("Vae.dsl"))));

    private static (GeneratorDriverRunResult Result, Compilation Output) RunInProject(string? rootNamespace, IEnumerable<string> code, (string Path, string Text)[] files)
    {
        var driver = NewDriver(files.Select(f => (AdditionalText)new InMemoryAdditionalText(f.Path, f.Text)), rootNamespace);
        var compilation = NewCompilation().AddSyntaxTrees(code.Select((text, i) => CSharpSyntaxTree.ParseText(text, new CSharpParseOptions(LanguageVersion.Latest), $"/project/Code{i}.cs")));
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        return (driver.GetRunResult(), output);
    }

    /// <summary>The generated files of models: every generated file but the one declaring refused models' namespaces.</summary>
    public static IEnumerable<SyntaxTree> ModelTrees(GeneratorDriverRunResult result) =>
        result.GeneratedTrees.Where(t => Path.GetFileName(t.FilePath) != VaeGenerator.RefusedNamespacesHintName);

    /// <summary>Fails, listing the first 20, when the compilation with the generated code has any warning or error:
    /// generated code must compile in a project with every warning an error.</summary>
    public static void AssertNoWarnings(Compilation output)
    {
        var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning || d.IsWarningAsError).ToList();
        Xunit.Assert.True(problems.Count == 0, string.Join("\n", problems.Take(20)));
    }

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var trusted = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var wanted = trusted.Where(path =>
        {
            var name = Path.GetFileNameWithoutExtension(path);
            return name is "netstandard" or "mscorlib" || name.StartsWith("System", StringComparison.Ordinal)
                || name.StartsWith("Microsoft.", StringComparison.Ordinal) && !name.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal)
                || name is "TorchSharp" or "VaeDsl.Runtime";
        });
        return wanted.Select(path => (MetadataReference)MetadataReference.CreateFromFile(path)).ToImmutableArray();
    }

    private sealed class TestOptionsProvider(string? rootNamespace, IReadOnlyDictionary<string, string>? properties) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new TestOptions(rootNamespace, properties);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => TestOptions.Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => TestOptions.Empty;
    }

    private sealed class TestOptions(string? rootNamespace, IReadOnlyDictionary<string, string>? properties = null) : AnalyzerConfigOptions
    {
        public static readonly TestOptions Empty = new(null);

        public override bool TryGetValue(string key, out string value)
        {
            if (key == "build_property.RootNamespace" && rootNamespace is not null)
            {
                value = rootNamespace;
                return true;
            }
            if (properties is not null && key.StartsWith("build_property.", StringComparison.Ordinal)
                && properties.TryGetValue(key.Substring("build_property.".Length), out var property))
            {
                value = property;
                return true;
            }
            value = "";
            return false;
        }
    }
}
