using System.IO;
using System.Linq;
using VaeDsl.Generator.Tests.Infrastructure;
using VaeDsl.Testing;
using Xunit;

namespace VaeDsl.Generator.Tests;

/// <summary>The generated source of each example model is reviewed as a diff against a committed snapshot.</summary>
public sealed class SnapshotTests
{
    [Theory]
    [InlineData("MnistMlp")]
    [InlineData("MnistConv")]
    public void Example_model_generates_the_committed_source(string example)
    {
        var path = RepositoryRoot.File("Examples", example, example + ".vae");
        var (result, _) = GeneratorHarness.Run((path, File.ReadAllText(path)));

        Assert.Empty(result.Diagnostics);
        var source = Assert.Single(result.GeneratedTrees);
        Snapshot.Verify(example, source.GetText().ToString());
    }

    [Fact]
    public void The_two_stochastic_layer_model_generates_the_committed_source()
    {
        var path = RepositoryRoot.File("Examples", "Hierarchical", "Hierarchical.vae");
        var (result, _) = GeneratorHarness.Run((path, File.ReadAllText(path)));

        Assert.Empty(result.Diagnostics);
        var source = Assert.Single(result.GeneratedTrees, t => t.FilePath.EndsWith("TwoLayer.g.cs", System.StringComparison.Ordinal));
        Snapshot.Verify("Hierarchical", source.GetText().ToString());
    }

    [Fact]
    public void The_language_tour_generates_the_committed_source()
    {
        var (result, _) = GeneratorHarness.RunTour();

        Assert.Empty(result.Diagnostics);
        Assert.NotEmpty(result.GeneratedTrees);
        var all = string.Join("\n// ================================================================\n", result.GeneratedTrees.Select(t => t.GetText().ToString()));
        Snapshot.Verify("VaeTour", all);
    }
}
