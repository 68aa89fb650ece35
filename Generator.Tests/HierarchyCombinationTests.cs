using System.Linq;
using Microsoft.CodeAnalysis;
using VaeDsl.Generator.Tests.Infrastructure;
using Xunit;

namespace VaeDsl.Generator.Tests;

/// <summary>A hierarchy of latents with a teacher-forced decoder, and with custom layers in the encoder, the decoder, a
/// <c>from</c> network and a <c>given</c> network: each generates and compiles without a warning. The documentation of
/// a hierarchy's KL says how each layer's is computed.</summary>
public sealed class HierarchyCombinationTests
{
    // The project code of the custom-layer tests: its Gate(features, p = 0.5, gated = true) is the one these use.
    private const string Layers = CustomLayerTests.Layers;

    [Theory]
    [InlineData("bottom_up")]
    [InlineData("top_down")]
    public void A_hierarchy_with_a_teacher_forced_decoder_compiles_and_decodes_greedily(string inference)
    {
        var text = $$"""
            model LadderWords {
              input x: [6]
              encoder { embedding(10, 8) gru(16, output: last) }
              latent z1 ~ Normal(4)
              latent z2 ~ Normal(2) from z1 { linear(8) relu }
              prior z2 ~ StandardNormal
              prior z1 ~ Normal given z2 { linear(8) relu }
              inference {{inference}}
              decoder { teacher_forcing(dim: 8) gru(16) linear(10) }
              likelihood TokenCategorical(10)
              loss = recon + kl
            }
            """;
        var (result, output) = GeneratorHarness.Run(("/project/words.vae", text));

        Assert.Empty(result.Diagnostics);
        GeneratorHarness.AssertNoWarnings(output);
        var source = GeneratorHarness.ModelTrees(result).Single().ToString();
        Assert.Equal(2, source.Split("TokenDecoding.Greedy(").Length - 1);
    }

    [Theory]
    [InlineData("bottom_up")]
    [InlineData("top_down")]
    public void A_hierarchy_with_custom_layers_in_every_network_compiles_with_each_constructor_call(string inference)
    {
        var text = $$"""
            model GatedLadder {
              input x: [12]
              encoder { linear(16) relu custom MyLayers.Gate(16) [n] -> [n] }
              latent z1 ~ Normal(4)
              latent z2 ~ Normal(2) from z1 { linear(8) custom MyLayers.Gate(8) -> [8] }
              prior z2 ~ StandardNormal
              prior z1 ~ Normal given z2 { linear(6) custom MyLayers.Gate(6) [n] -> [n] }
              inference {{inference}}
              decoder { linear(16) custom MyLayers.Gate(16) -> [16] linear(12) }
              likelihood Gaussian
              loss = recon + kl
            }
            """;
        var (result, output) = GeneratorHarness.RunWithCode([Layers], ("/project/gated.vae", text));

        Assert.Empty(result.Diagnostics);
        GeneratorHarness.AssertNoWarnings(output);
        var source = GeneratorHarness.ModelTrees(result).Single().ToString();
        foreach (var width in new[] { 16, 8, 6 }) Assert.Contains($".Custom(new global::MyLayers.Gate({width})", source);
    }

    [Theory]
    [InlineData("bottom_up", "kl", "along one sampled path: z1's sampled (log q − log p at the sample), z2's in closed form at the sample of z1.")]
    [InlineData("top_down", "kl", "along one sampled path: every layer's in closed form, given the sample of the layer above where there is one.")]
    [InlineData("top_down", "kl(method: monte_carlo)", "along one sampled path: every layer's sampled (log q − log p at the sample).")]
    public void The_kl_of_a_hierarchy_is_documented_as_each_layer_computes_it(string inference, string kl, string documented)
    {
        var text = $$"""
            model Two {
              input x: [12]
              encoder { linear(16) relu }
              latent z1 ~ Normal(4)
              latent z2 ~ Normal(2) from z1 { linear(8) relu }
              prior z2 ~ StandardNormal
              prior z1 ~ Normal given z2 { linear(8) relu }
              inference {{inference}}
              decoder { linear(12) }
              likelihood Gaussian
              loss = recon + {{kl}}
            }
            """;
        var (result, _) = GeneratorHarness.Run(("/project/two.vae", text));

        Assert.Empty(result.Diagnostics);
        var source = GeneratorHarness.ModelTrees(result).Single().ToString();
        Assert.Contains($"/// <param name=\"Kl\">The KL of the hierarchy, the sum of its layers' KLs kl_z1 + kl_z2 {documented}</param>", source);
    }
}
