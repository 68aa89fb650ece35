using System.Linq;
using Microsoft.CodeAnalysis;
using VaeDsl.Generator.Tests.Infrastructure;
using Xunit;

namespace VaeDsl.Generator.Tests;

/// <summary>Front-end errors reach the build located in the .vae file, so the compiler prints
/// <c>path.vae(line,col): error VAE…</c>.</summary>
public sealed class DiagnosticTests
{
    private const string MisspeltLayer = """
        model Broken {
          input x: [784]
          encoder { linear(400) rleu }
          latent z ~ Normal(20)
          prior z ~ StandardNormal
          decoder { linear(400) relu linear(784) }
          likelihood Bernoulli
          loss = recon + kl
          train { optimizer: adam(lr: 1e-3), batch: 128, epochs: 1, seed: 1 }
        }
        """;

    [Fact]
    public void A_misspelt_layer_is_an_error_at_its_line_and_column_in_the_vae_file()
    {
        var (result, _) = GeneratorHarness.Run(("/project/Models/broken.vae", MisspeltLayer));

        var error = Assert.Single(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.StartsWith("VAE", error.Id);
        Assert.Contains("rleu", error.GetMessage());
        var span = error.Location.GetLineSpan();
        Assert.Equal("/project/Models/broken.vae", span.Path);
        Assert.Equal(2, span.StartLinePosition.Line);        // third line, zero-based
        Assert.Equal(24, span.StartLinePosition.Character);  // where 'rleu' starts
        Assert.Empty(result.GeneratedTrees);
    }

    [Fact]
    public void A_file_that_cannot_be_read_becomes_a_diagnostic_not_an_exception()
    {
        var driver = GeneratorHarness.NewDriver([new UnreadableText("/project/bad.vae")]);
        driver = driver.RunGenerators(GeneratorHarness.NewCompilation());
        var result = driver.GetRunResult();

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal("VAE9999", error.Id);
        Assert.Contains("disk on fire", error.GetMessage());
        Assert.Null(result.Results.Single().Exception);
    }

    [Fact]
    public void Files_that_are_not_vae_files_are_ignored()
    {
        var (result, _) = GeneratorHarness.Run(("/project/notes.txt", "model Nonsense {"));

        Assert.Empty(result.Diagnostics);
        Assert.Empty(result.GeneratedTrees);
    }

    [Fact]
    public void A_valid_model_the_generator_cannot_express_is_VAE9001_at_the_construct()
    {
        const string text = """
            model Mixed {
              input x: [8]
              encoder { linear(16) relu }
              latent z ~ Normal(2)
              latent c ~ Categorical(4)
              decoder { linear(8) }
              likelihood Bernoulli
              loss = recon + kl  free_bits(kl, nats: 0.1)
            }
            """;
        var (result, _) = GeneratorHarness.Run(("/p/mixed.vae", text));

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal("VAE9001", error.Id);
        Assert.Equal(
            "free bits on the KL of the relaxed latent 'c' (free bits are defined for Normal latents) is not supported by the code generator yet",
            error.GetMessage());
        Assert.Equal(7, error.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Empty(result.GeneratedTrees);
    }

    private sealed class UnreadableText(string path) : AdditionalText
    {
        public override string Path { get; } = path;

        public override Microsoft.CodeAnalysis.Text.SourceText GetText(System.Threading.CancellationToken cancellationToken = default) =>
            throw new System.IO.IOException("disk on fire");
    }
}
