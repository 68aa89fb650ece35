using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.Loader;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using VaeDsl.Generator;
using VaeDsl.Runtime;

namespace VaeDsl.Cli.Training;

/// <summary>
/// The models of one .vae file, built without a project: the VaeDsl generator runs in-process through Roslyn's
/// generator driver, exactly as in a build, its output is compiled in memory against the Runtime, TorchSharp and the
/// framework this process runs on, and the assembly is loaded into a collectible context.
/// </summary>
internal sealed class GeneratedModels
{
    private GeneratedModels(IReadOnlyList<GeneratedModel> models, IReadOnlyList<string> problems, bool failed, bool generatedCodeFailed)
    {
        Models = models;
        Problems = problems;
        Failed = failed;
        GeneratedCodeFailed = generatedCodeFailed;
    }

    /// <summary>The file's models, in the order the generated assembly declares them.</summary>
    public IReadOnlyList<GeneratedModel> Models { get; }

    /// <summary>The generator's diagnostics in the build's format (<c>path(line,col): error VAE0102: …</c>), and when
    /// the generated code does not compile (a bug of the generator), the compiler's errors.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>Whether an error stopped the build: nothing can be trained.</summary>
    public bool Failed { get; }

    /// <summary>Whether the C# the generator emitted failed to compile, which is a bug of VaeDsl, not of the file.</summary>
    public bool GeneratedCodeFailed { get; }

    /// <summary>Reads, generates, compiles and loads the models of the file at <paramref name="path"/>, as vae train and
    /// vae eval do: a file that cannot be read, the file's errors, generated code that does not compile (a bug of
    /// VaeDsl) and a file without a model are written to <paramref name="error"/>, and the result is then null.</summary>
    /// <param name="references">Assemblies that define the file's custom layer types (<c>vae train --reference</c>).</param>
    public static GeneratedModels? Load(string path, TextWriter error, IReadOnlyList<string>? references = null)
    {
        if (Commands.SourceFiles.Read(path, "error", error) is not { } text) return null;
        references ??= [];
        if (references.FirstOrDefault(r => !File.Exists(r)) is { } missing)
        {
            error.WriteLine($"error: the assembly '{missing}' given with --reference does not exist.");
            return null;
        }

        var built = Build(path, text, references);
        if (built.GeneratedCodeFailed)
        {
            error.WriteLine($"error: the C# that VaeDsl generated from '{path}' does not compile. This is a bug of VaeDsl, not of the file: please report it with the file and these errors:");
        }
        foreach (var problem in built.Problems) error.WriteLine(problem);
        if (built.Problems.Any(p => p.Contains(" error " + Dsl.Diagnostics.DiagnosticDescriptors.CustomTypeNotFound.Id + ":", StringComparison.Ordinal)))
        {
            error.WriteLine("hint: vae train and vae eval compile the file without a project; give the assembly that defines the custom layer types with --reference FILE.dll.");
        }
        if (built.Failed) return null;
        if (built.Models.Count == 0)
        {
            error.WriteLine($"error: '{path}' declares no model.");
            return null;
        }
        return built;
    }

    /// <summary>Generates, compiles and loads the models of <paramref name="text"/>, read from <paramref name="path"/>
    /// (the path diagnostics name, as the user wrote it).</summary>
    public static GeneratedModels Build(string path, string text, IReadOnlyList<string>? references = null, CancellationToken cancellationToken = default)
    {
        references ??= [];
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        var compilation = CSharpCompilation.Create(
            "VaeDsl.Train." + Guid.NewGuid().ToString("N"),
            syntaxTrees: [],
            references: FrameworkAndRuntime.Value.AddRange(references.Select(r => (MetadataReference)MetadataReference.CreateFromFile(r))),
            options: new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                optimizationLevel: OptimizationLevel.Release,
                nullableContextOptions: NullableContextOptions.Enable,
                deterministic: true));
        // The generator reads *.vae files only; a model file named otherwise (the tour, Vae.dsl) is handed over as
        // NAME.vae, and its diagnostics name it as the user wrote it.
        var generatorPath = path.EndsWith(".vae", StringComparison.OrdinalIgnoreCase) ? path : path + ".vae";
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [new VaeGenerator().AsSourceGenerator()],
            [new VaeFile(generatorPath, text)],
            parseOptions);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var generated, out var generatorDiagnostics, cancellationToken);

        var problems = generatorDiagnostics.Select(d => Format(d, generatorPath, path)).ToList();
        if (generatorDiagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            return new GeneratedModels([], problems, failed: true, generatedCodeFailed: false);
        }

        using var image = new MemoryStream();
        var emitted = generated.Emit(image, cancellationToken: cancellationToken);
        if (!emitted.Success)
        {
            problems.AddRange(emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => Format(d, generatorPath, path)));
            return new GeneratedModels([], problems, failed: true, generatedCodeFailed: true);
        }

        image.Position = 0;
        var context = new AssemblyLoadContext("vae train " + Path.GetFileName(path), isCollectible: true);
        // The assemblies given with --reference load from their files when the generated code first needs them; what they
        // reference in turn (the Runtime, TorchSharp) resolves to this process's own copies.
        var given = references.ToDictionary(r => Path.GetFileNameWithoutExtension(r), r => Path.GetFullPath(r), StringComparer.OrdinalIgnoreCase);
        context.Resolving += (loading, name) => name.Name is { } wanted && given.TryGetValue(wanted, out var file) ? loading.LoadFromAssemblyPath(file) : null;
        var assembly = context.LoadFromStream(image);
        var models = assembly.GetTypes()
            .Where(t => t.IsClass && !t.IsAbstract && typeof(VaeModule).IsAssignableFrom(t))
            .Select(GeneratedModel.From)
            .ToList();
        return new GeneratedModels(models, problems, failed: false, generatedCodeFailed: false);
    }

    /// <summary><c>path(line,col): error ID: message</c>, as MSBuild prints a diagnostic (and as <c>vae check</c> does).</summary>
    private static string Format(Diagnostic diagnostic, string generatorPath, string path)
    {
        var severity = diagnostic.Severity.ToString().ToLowerInvariant();
        var span = diagnostic.Location.GetMappedLineSpan();
        var place = span.IsValid && !string.IsNullOrEmpty(span.Path)
            ? $"{(span.Path == generatorPath ? path : span.Path)}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): "
            : string.Empty;
        return $"{place}{severity} {diagnostic.Id}: {diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
    }

    /// <summary>The assemblies the generated code can see: the Runtime, TorchSharp and the framework facades they are
    /// built on, with every assembly they reference in turn, taken from the ones this process was started with, so the
    /// generated code binds to exactly the assemblies it then runs against. Not all of the ~250 the process could
    /// load: each reference costs the compiler a read of its metadata.</summary>
    private static readonly Lazy<ImmutableArray<MetadataReference>> FrameworkAndRuntime = new(() =>
    {
        var available = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .GroupBy(p => Path.GetFileNameWithoutExtension(p), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pending = new Stack<string>([typeof(VaeModule).Assembly.GetName().Name!, "TorchSharp", "System.Runtime", "System.Collections", "System.Linq", "netstandard"]);
        var references = ImmutableArray.CreateBuilder<MetadataReference>();
        while (pending.Count > 0)
        {
            var name = pending.Pop();
            if (!seen.Add(name) || !available.TryGetValue(name, out var file)) continue;
            using (var stream = File.OpenRead(file))
            using (var pe = new PEReader(stream))
            {
                var metadata = pe.GetMetadataReader();
                foreach (var handle in metadata.AssemblyReferences)
                {
                    pending.Push(metadata.GetString(metadata.GetAssemblyReference(handle).Name));
                }
            }
            references.Add(MetadataReference.CreateFromFile(file));
        }
        return references.ToImmutable();
    });

    /// <summary>The .vae file as an AdditionalFile, the way MSBuild hands it to the generator.</summary>
    private sealed class VaeFile(string path, string text) : AdditionalText
    {
        private readonly SourceText source = SourceText.From(text, System.Text.Encoding.UTF8);

        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => source;
    }
}
