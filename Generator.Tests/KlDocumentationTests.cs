using System.Linq;
using VaeDsl.Generator.Tests.Infrastructure;
using Xunit;

namespace VaeDsl.Generator.Tests;

/// <summary>The documentation of a model's Kl says how each latent's KL is computed: a relaxed latent's in closed form
/// (that of the unrelaxed distribution, whatever the method), a Normal one's in closed form or sampled as the checker
/// decided, each named when the latents are not all computed alike.</summary>
public sealed class KlDocumentationTests
{
    [Theory]
    [InlineData("latent c ~ Categorical(5, temperature: 0.5)\n  latent z ~ Normal(4)\n  prior c ~ Uniform\n  prior z ~ MixtureOfGaussians(components: 3)", "kl",
        "The sum of the latents' KLs KL(q(c|x) ‖ p(c)) + KL(q(z|x) ‖ p(z)): c's in closed form (that of the unrelaxed distribution), z's estimated by Monte Carlo with one sample.")]
    [InlineData("latent b ~ Bernoulli(6, temperature: 0.67)\n  latent z ~ Normal(4)\n  prior b ~ Uniform\n  prior z ~ StandardNormal", "kl(method: monte_carlo)",
        "The sum of the latents' KLs KL(q(b|x) ‖ p(b)) + KL(q(z|x) ‖ p(z)): b's in closed form (that of the unrelaxed distribution), z's estimated by Monte Carlo with one sample.")]
    [InlineData("latent b ~ Bernoulli(6, temperature: 0.67)\n  latent z ~ Normal(4)\n  prior b ~ Uniform\n  prior z ~ StandardNormal", "kl",
        "The sum of the latents' KLs KL(q(b|x) ‖ p(b)) + KL(q(z|x) ‖ p(z)): b's in closed form (that of the unrelaxed distribution), z's in closed form.")]
    [InlineData("latent c ~ Categorical(5, temperature: 0.5)\n  prior c ~ Uniform", "kl(method: monte_carlo)",
        "KL(q(z|x) ‖ p(z)), in closed form (that of the unrelaxed distribution).")]
    [InlineData("latent u ~ Normal(2)\n  latent z ~ Normal(4)\n  prior z ~ MixtureOfGaussians(components: 3)", "kl",
        "KL(q(z|x) ‖ p(z)), estimated by Monte Carlo with one sample.")]
    public void The_kl_is_documented_as_each_latent_computes_it(string latents, string kl, string documented)
    {
        var text = $$"""
            model Mixed {
              input x: [12]
              encoder { linear(16) relu }
              {{latents}}
              decoder { linear(12) }
              likelihood Gaussian
              loss = recon + {{kl}}
            }
            """;
        var (result, _) = GeneratorHarness.Run(("/project/mixed.vae", text));

        Assert.Empty(result.Diagnostics);
        var source = GeneratorHarness.ModelTrees(result).Single().ToString();
        Assert.Contains($"/// <param name=\"Kl\">{documented}</param>", source);
    }
}
