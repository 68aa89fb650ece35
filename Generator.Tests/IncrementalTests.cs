using System.Linq;
using Microsoft.CodeAnalysis;
using VaeDsl.Generator.Tests.Infrastructure;
using Xunit;

namespace VaeDsl.Generator.Tests;

/// <summary>Editing one .vae file among several re-runs only that file's steps.</summary>
public sealed class IncrementalTests
{
    private static string Model(string name, int hidden) => $$"""
        model {{name}} {
          input x: [8]
          hyper hidden = {{hidden}}
          encoder { linear(hidden) relu }
          latent z ~ Normal(2)
          prior z ~ StandardNormal
          decoder { linear(hidden) relu linear(8) }
          likelihood Bernoulli
          loss = recon + kl
          train { optimizer: adam(lr: 1e-3), batch: 4, epochs: 1, seed: 1 }
        }
        """;

    [Fact]
    public void Editing_one_file_leaves_the_other_files_steps_cached()
    {
        var a = new InMemoryAdditionalText("/p/a.vae", Model("A", 16));
        var b = new InMemoryAdditionalText("/p/b.vae", Model("B", 16));
        var c = new InMemoryAdditionalText("/p/c.vae", Model("C", 16));
        var compilation = GeneratorHarness.NewCompilation();
        var driver = GeneratorHarness.NewDriver([a, b, c]).RunGenerators(compilation);

        driver = driver.ReplaceAdditionalText(b, new InMemoryAdditionalText("/p/b.vae", Model("B", 32)));
        driver = driver.RunGenerators(compilation);

        var steps = driver.GetRunResult().Results.Single().TrackedSteps;
        var compile = steps[VaeGenerator.Steps.Compile].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        var emit = steps[VaeGenerator.Steps.Emit].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();

        Assert.Equal(1, compile.Count(r => r == IncrementalStepRunReason.Modified));
        Assert.Equal(2, compile.Count(r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
        Assert.Equal(1, emit.Count(r => r == IncrementalStepRunReason.Modified));
        Assert.Equal(2, emit.Count(r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
    }

    [Fact]
    public void A_change_that_does_not_touch_any_vae_file_reuses_every_output()
    {
        var files = new[] { new InMemoryAdditionalText("/p/a.vae", Model("A", 16)), new InMemoryAdditionalText("/p/b.vae", Model("B", 16)) };
        var compilation = GeneratorHarness.NewCompilation();
        var driver = GeneratorHarness.NewDriver(files).RunGenerators(compilation);

        var edited = compilation.AddSyntaxTrees(Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText("class UserCode { }"));
        driver = driver.RunGenerators(edited);

        var emit = driver.GetRunResult().Results.Single().TrackedSteps[VaeGenerator.Steps.Emit].SelectMany(s => s.Outputs).Select(o => o.Reason);
        Assert.All(emit, reason => Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, reason.ToString()));
    }
}
