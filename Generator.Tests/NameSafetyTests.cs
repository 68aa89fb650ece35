using System.Linq;
using Microsoft.CodeAnalysis;
using VaeDsl.Generator.Tests.Infrastructure;
using Xunit;

namespace VaeDsl.Generator.Tests;

/// <summary>Whatever a user names a latent, a condition or a hyper-parameter, the build either reports a located
/// VAE error or compiles the generated code without a warning: a name never breaks or changes generated code.</summary>
public sealed class NameSafetyTests
{
    [Theory]
    [InlineData("train")]
    [InlineData("eval")]
    [InlineData("training")]
    [InlineData("forward")]
    [InlineData("parameters")]
    [InlineData("state_dict")]
    [InlineData("name")]
    [InlineData("to")]
    [InlineData("encoder")]
    [InlineData("decoder")]
    [InlineData("likelihood")]
    [InlineData("posterior")]
    [InlineData("logits")]
    [InlineData("options")]
    [InlineData("features")]
    [InlineData("output")]
    [InlineData("x")]
    [InlineData("o")]
    [InlineData("encode")]
    [InlineData("Encode")]
    [InlineData("Options")]
    [InlineData("InputShape")]
    [InlineData("Dispose")]
    [InlineData("kl")]
    [InlineData("klWarmup")]
    [InlineData("w_prior")]
    public void A_latent_of_any_name_is_rejected_with_a_diagnostic_or_compiles_cleanly(string name)
    {
        var text = $$"""
            model Named {
              input x: [8]
              hyper beta = 2.0
              encoder { linear(16) relu }
              latent {{name}} ~ Normal(2)
              latent w ~ Normal(2)
              prior w ~ LearnedNormal
              decoder { linear(8) }
              likelihood Bernoulli
              loss = recon + beta * kl  warmup(kl, epochs: 2)
            }
            """;
        AssertDiagnosedOrClean(text);
    }

    [Theory]
    [InlineData("y")]
    [InlineData("condition")]
    [InlineData("count")]
    [InlineData("progress")]
    [InlineData("posterior")]
    [InlineData("features")]
    [InlineData("p")]
    public void A_condition_of_any_name_is_rejected_with_a_diagnostic_or_compiles_cleanly(string name)
    {
        var text = $$"""
            model Conditional {
              input x: [8]
              condition {{name}}: onehot(3)
              encoder { linear(16) relu }
              latent z ~ Normal(2)
              decoder { linear(8) }
              likelihood Bernoulli
              loss = recon + kl
            }
            """;
        AssertDiagnosedOrClean(text);
    }

    [Theory]
    [InlineData("named_options")]
    [InlineData("hidden")]
    [InlineData("clone")]
    [InlineData("beta1")]
    [InlineData("epsilon")]
    [InlineData("alpha")]
    [InlineData("nesterov")]
    [InlineData("learning_rate_schedule")]
    public void A_hyper_parameter_of_any_name_is_rejected_with_a_diagnostic_or_compiles_cleanly(string name)
    {
        var text = $$"""
            model Named {
              input x: [8]
              hyper {{name}} = 16
              encoder { linear({{name}}) relu }
              latent z ~ Normal(2)
              decoder { linear(8) }
              likelihood Bernoulli
              loss = recon + kl
              train { optimizer: sgd(lr: 0.01, momentum: 0.9, nesterov: true) }
            }
            """;
        AssertDiagnosedOrClean(text);
    }

    [Theory]
    [InlineData("Sample")]
    [InlineData("Loss")]
    [InlineData("Encode")]
    [InlineData("Options")]
    [InlineData("Joint")]
    [InlineData("LogJoint")]
    [InlineData("Tensor")]
    [InlineData("VaeModule")]
    [InlineData("Trainer")]
    [InlineData("Math")]
    [InlineData("DiagonalNormal")]
    public void A_model_of_any_name_is_rejected_with_a_diagnostic_or_compiles_cleanly(string name)
    {
        // Two Normal latents: the class also gets the joint-posterior helpers.
        var text = $$"""
            model {{name}} {
              input x: [8]
              encoder { linear(16) relu }
              latent z ~ Normal(2)
              latent w ~ Normal(3)
              decoder { linear(8) }
              likelihood Bernoulli
              loss = recon + kl + tc
            }
            """;
        AssertDiagnosedOrClean(text);
    }

    private static void AssertDiagnosedOrClean(string text)
    {
        var (result, output) = GeneratorHarness.Run(("/p/named.vae", text));
        if (result.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            Assert.All(result.Diagnostics, d => Assert.Matches("^VAE0[0-9]{3}$", d.Id));
            Assert.Empty(result.GeneratedTrees);
            return;
        }
        GeneratorHarness.AssertNoWarnings(output);
    }
}
