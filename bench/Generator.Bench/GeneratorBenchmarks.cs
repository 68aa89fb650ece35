using System;
using System.Collections.Immutable;
using System.Linq;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace VaeDsl.Generator.Bench;

/// <summary>
/// The generator's cost in a build and in an editor: a cold run (new driver, nothing cached) on one model and on a
/// project of 50 models, against an incremental run after one of the 50 files is edited (and after no edit, the
/// driver's fixed cost for 50 cached files).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class GeneratorBenchmarks
{
    private const int ProjectSize = 50;
    private const int Hidden = 400;

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);
    private static readonly RootNamespaceOptions Options = new("BenchProject");

    private CSharpCompilation compilation = null!;
    private ImmutableArray<AdditionalText> oneModel;
    private ImmutableArray<AdditionalText> project;
    private GeneratorDriver projectRunOnce = null!;
    private AdditionalText edited = null!;

    [GlobalSetup]
    public void Setup()
    {
        compilation = CSharpCompilation.Create(
            "BenchProject",
            [CSharpSyntaxTree.ParseText("namespace BenchProject { internal static class Program { } }", ParseOptions)],
            [MetadataReference.CreateFromFile(typeof(object).Assembly.Location)],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        oneModel = [new VaeFile(ModelSources.Path(0), ModelSources.Text(0, Hidden))];
        project = Enumerable.Range(0, ProjectSize)
            .Select(i => (AdditionalText)new VaeFile(ModelSources.Path(i), ModelSources.Text(i, Hidden)))
            .ToImmutableArray();
        projectRunOnce = NewDriver(project).RunGenerators(compilation);
        edited = new VaeFile(ModelSources.Path(ProjectSize / 2), ModelSources.Text(ProjectSize / 2, Hidden + 1));

        // Measure only runs that do the full job: every model generated, no diagnostics.
        Check(NewDriver(oneModel).RunGenerators(compilation), 1);
        Check(projectRunOnce, ProjectSize);
        Check(EditOneFileOf50(), ProjectSize);
        CheckOnlyTheEditedFileIsRecompiled();
    }

    [Benchmark(Description = "cold: 1 model")]
    public GeneratorDriverRunResult ColdOneModel() => NewDriver(oneModel).RunGenerators(compilation).GetRunResult();

    [Benchmark(Description = "cold: 50 models")]
    public GeneratorDriverRunResult ColdFiftyModels() => NewDriver(project).RunGenerators(compilation).GetRunResult();

    [Benchmark(Description = "incremental: no edit, 50 models")]
    public GeneratorDriverRunResult IncrementalNoEdit() => projectRunOnce.RunGenerators(compilation).GetRunResult();

    [Benchmark(Description = "incremental: edit 1 of 50")]
    public GeneratorDriverRunResult IncrementalEditOneOfFifty() => EditOneFileOf50().GetRunResult();

    private GeneratorDriver EditOneFileOf50() =>
        projectRunOnce.ReplaceAdditionalText(project[ProjectSize / 2], edited).RunGenerators(compilation);

    private static GeneratorDriver NewDriver(ImmutableArray<AdditionalText> files) => CSharpGeneratorDriver.Create(
        [new VaeGenerator().AsSourceGenerator()], files, ParseOptions, Options);

    // The incremental figure means something only if the other 49 files really come from the cache.
    private void CheckOnlyTheEditedFileIsRecompiled()
    {
        var tracking = new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true);
        var driver = CSharpGeneratorDriver.Create([new VaeGenerator().AsSourceGenerator()], project, ParseOptions, Options, tracking)
            .RunGenerators(compilation)
            .ReplaceAdditionalText(project[ProjectSize / 2], edited)
            .RunGenerators(compilation);
        var reasons = driver.GetRunResult().Results.Single().TrackedSteps[VaeGenerator.Steps.Compile]
            .SelectMany(step => step.Outputs)
            .Select(output => output.Reason)
            .ToList();
        if (reasons.Count(r => r == IncrementalStepRunReason.Modified) != 1 || reasons.Count(r => r == IncrementalStepRunReason.Cached) != ProjectSize - 1)
        {
            throw new InvalidOperationException("the edit re-ran more than the edited file: " + string.Join(", ", reasons));
        }
    }

    private static void Check(GeneratorDriver driver, int models)
    {
        var result = driver.GetRunResult();
        if (result.Diagnostics.Length > 0 || result.GeneratedTrees.Length != models)
        {
            throw new InvalidOperationException(
                $"expected {models} generated files and no diagnostics, got {result.GeneratedTrees.Length} files and: "
                + string.Join("; ", result.Diagnostics));
        }
    }
}
