using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using VaeDsl.Generator.Tests.Infrastructure;
using VaeDsl.Testing;
using Xunit;

namespace VaeDsl.Generator.Tests;

/// <summary>Generated code compiles in a user's project with nullable enabled and every warning an error.</summary>
public sealed class CompilationTests
{
    [Theory]
    [InlineData("MnistMlp")]
    [InlineData("MnistConv")]
    public void Example_model_compiles_without_any_warning(string example)
    {
        var path = RepositoryRoot.File("Examples", example, example + ".vae");
        var (result, output) = GeneratorHarness.Run((path, File.ReadAllText(path)));

        Assert.Empty(result.Diagnostics);
        GeneratorHarness.AssertNoWarnings(output);
    }

    [Fact]
    public void Every_model_of_the_language_tour_compiles_without_any_warning()
    {
        var (result, output) = GeneratorHarness.RunTour();

        Assert.Empty(result.Diagnostics);
        Assert.True(result.GeneratedTrees.Length >= 2, $"{result.GeneratedTrees.Length} models generated");
        GeneratorHarness.AssertNoWarnings(output);
    }

    [Theory]
    [InlineData("loss = iwae(k: 3)", "")]
    [InlineData("loss = recon + kl + tc + 0.5 * mmd", "")]
    [InlineData("loss = iwae(k: 3)", "condition y: onehot(4)")]
    [InlineData("loss = recon + kl + tc + mmd", "condition y: onehot(4)")]
    public void Several_normal_latents_with_joint_objectives_compile_without_any_warning(string loss, string condition)
    {
        // The joint posterior, the split of the joint code in LogJoint and, with a condition, its extra parameter.
        var text = $$"""
            model Joint2 {
              input x: [10]
              {{condition}}
              encoder { linear(16) relu }
              latent z ~ Normal(2)
              latent w ~ Normal(3)
              prior w ~ LearnedNormal
              decoder { linear(10) }
              likelihood Bernoulli
              {{loss}}
            }
            """;
        var source = GenerateOneModelCleanly("/project/joint.vae", text);

        Assert.Contains("DiagonalNormal.Concat(posterior.Z, posterior.W)", source);
        Assert.Contains("EstimateLogLikelihood", source);
    }

    [Theory]
    [InlineData("latent z ~ Normal(3) flow iaf(steps: 2, hidden: 8, context: true)", "loss = iwae(k: 3)", "")]
    [InlineData("latent z ~ Normal(3) flow planar(steps: 2)", "loss = recon + kl + mmd  free_bits(kl, nats: 0.1)", "condition y: onehot(4)")]
    [InlineData("latent z ~ Normal(3) flow radial(steps: 2)\n  latent w ~ Normal(2)", "loss = iwae(k: 3)", "condition y: onehot(4)")]
    [InlineData("latent z ~ Normal(3) flow iaf(context: true)\n  latent w ~ Normal(2) flow planar", "loss = recon + kl + mmd  capacity(kl)", "")]
    [InlineData("latent z ~ Normal(3) flow planar(steps: 2, amortized: true)\n  latent w ~ Normal(2) flow radial(amortized: true)", "loss = iwae(k: 3)", "condition y: onehot(4)")]
    public void Flowed_latents_compile_without_any_warning(string latents, string loss, string condition)
    {
        var text = $$"""
            model Flowed {
              input x: [10]
              {{condition}}
              encoder { linear(16) relu }
              {{latents}}
              prior z ~ MixtureOfGaussians(components: 2)
              decoder { linear(10) }
              likelihood Bernoulli
              {{loss}}
            }
            """;
        var source = GenerateOneModelCleanly("/project/flowed.vae", text);

        Assert.Contains("global::VaeDsl.Runtime.Distributions.FlowedNormal Z", source);
        Assert.Contains("private readonly global::VaeDsl.Runtime.Flows.", source);
        Assert.Contains("EstimateLogLikelihood", source);
        Assert.DoesNotContain("KlPerDimension(output.Posterior.Z)", source);
    }

    [Theory]
    [InlineData("MixtureOfGaussians(components: 3)")]
    [InlineData("VampPrior(pseudo_inputs: 5)")]
    public void Free_bits_on_a_latent_without_a_per_dimension_kl_compile_as_one_group(string prior)
    {
        var text = $$"""
            model Grouped {
              input x: [10]
              encoder { linear(16) relu }
              latent z ~ Normal(3)
              prior z ~ {{prior}}
              decoder { linear(10) }
              likelihood Bernoulli
              loss = recon + kl  free_bits(kl, nats: 0.2)
            }
            """;
        Assert.Contains("FreeBits.ApplyToGroup(", GenerateOneModelCleanly("/project/grouped.vae", text));
    }

    [Fact]
    public void Free_bits_on_relaxed_latents_clamp_each_categorical_variable_and_bit()
    {
        const string text = """
            model DiscreteBits {
              input x: [10]
              encoder { linear(16) relu }
              latent c ~ Categorical(4, groups: 2)
              latent b ~ Bernoulli(3)
              decoder { linear(10) }
              likelihood Bernoulli
              loss = recon + kl  free_bits(kl, nats: 0.1)
            }
            """;
        var source = GenerateOneModelCleanly("/project/bits.vae", text);

        Assert.Contains("FreeBits.Apply(this.c_prior.KlPerVariable(output.Posterior.C))", source);
        Assert.Contains("FreeBits.Apply(this.b_prior.KlPerVariable(output.Posterior.B))", source);
    }

    [Fact]
    public void Generated_types_use_the_root_namespace_and_the_model_name()
    {
        var path = RepositoryRoot.File("Examples", "MnistMlp", "MnistMlp.vae");
        var (_, output) = GeneratorHarness.Run((path, File.ReadAllText(path)));

        foreach (var type in new[] { "MnistMlp", "MnistMlpOptions", "MnistMlpLoss", "MnistMlpPosterior", "MnistMlpOutput" })
        {
            Assert.NotNull(output.GetTypeByMetadataName("UserProject." + type));
        }
        var loss = output.GetTypeByMetadataName("UserProject.MnistMlpLoss")!;
        Assert.Equal(new[] { "Recon", "Kl", "Total" }, loss.GetMembers().OfType<IPropertySymbol>().Where(p => p.Type.Name == "Tensor").Select(p => p.Name));
    }

    [Theory]
    [InlineData("\r")]
    [InlineData("\u2028")]
    public void An_example_saved_with_other_line_breaks_generates_the_same_code(string lineBreak)
    {
        var path = RepositoryRoot.File("Examples", "MnistMlp", "MnistMlp.vae");
        var text = File.ReadAllText(path).Replace("\r\n", "\n");

        Assert.Equal(GenerateOneModelCleanly(path, text), GenerateOneModelCleanly(path, text.Replace("\n", lineBreak)));
    }

    [Fact]
    public void Integers_at_the_32_bit_bounds_compile_without_any_warning()
    {
        // The front end refuses one more (VAE0117); what it accepts must be what C#'s int holds.
        const string text = """
            model Bounds {
              input x: [10]
              hyper big = 2147483647, small = -2147483648, width = 2147483647 - 2147483631
              encoder { linear(width) relu dropout((small + big + 1) / 2.0) }
              latent z ~ Normal(2)
              decoder { linear(10) }
              likelihood Bernoulli
              loss = recon + kl
              train { batch: big, epochs: 2147483647, seed: big, validation: 0.5, patience: 2147483647, schedule: step(every: 2147483647) }
            }
            """;
        var source = GenerateOneModelCleanly("/project/bounds.vae", text);

        Assert.Contains("Small { get; init; } = -2147483648;", source);
        Assert.Contains("Seed = 2147483647,", source);
        Assert.Contains("EarlyStoppingPatience = 2147483647,", source);
    }

    [Fact]
    public void A_model_at_the_layer_limit_compiles_without_overflowing_the_compiler()
    {
        // 99,990 encoder layers, within the limit of 100,000: a layer list used to become one chained expression, which
        // the C# compiler could not bind (an expression too deep for its stack).
        const string text = """
            model Deep {
              input x: [8]
              encoder { linear(8) repeat 99989 { relu } }
              latent z ~ Normal(2)
              decoder { linear(8) }
              likelihood Bernoulli
              loss = recon + kl
            }
            """;
        var source = GenerateOneModelCleanly("/project/deep.vae", text);

        Assert.Equal(99_989, System.Text.RegularExpressions.Regex.Matches(source, @"^ +\.ReLU\(\);?$", System.Text.RegularExpressions.RegexOptions.Multiline).Count);
    }

    [Fact]
    public void A_long_residual_body_is_written_as_statements_too()
    {
        const string text = """
            model DeepResidual {
              input x: [8]
              encoder { linear(8) residual { repeat 100 { linear(8) relu } } }
              latent z ~ Normal(2)
              decoder { linear(8) }
              likelihood Bernoulli
              loss = recon + kl
            }
            """;
        var source = GenerateOneModelCleanly("/project/residual.vae", text);

        Assert.Contains(".Residual(r =>\n", source);
        Assert.Contains("return r;", source);
    }

    [Fact]
    public void Documentation_with_lone_surrogates_and_control_characters_is_well_formed()
    {
        // The compiler checks doc comments of a project that generates its documentation file (CS1570 otherwise).
        var text = "/// A lone \uD800 high and \uDC00 low surrogate, \uFFFE, a pair \uD83D\uDE00.\n" + """
            model Documented {
              input x: [8]
              hyper /// Width \uDBFF of the layer.
                    hidden = 16
              encoder { linear(hidden) relu }
              latent z ~ Normal(2)
              decoder { linear(8) }
              likelihood Bernoulli
              loss = recon + kl
            }
            """;
        var source = GenerateOneModelCleanly("/project/documented\uD800.vae", text);

        Assert.Contains("A lone \uFFFD high and \uFFFD low surrogate, \uFFFD, a pair \uD83D\uDE00.", source);
    }

    /// <summary>Generates the one model of <paramref name="text"/>, asserting no diagnostic and a compilation without
    /// warnings, and returns the generated source.</summary>
    private static string GenerateOneModelCleanly(string path, string text)
    {
        var (result, output) = GeneratorHarness.Run((path, text));
        Assert.Empty(result.Diagnostics);
        GeneratorHarness.AssertNoWarnings(output);
        return Assert.Single(result.GeneratedTrees).ToString();
    }
}
