using System.Linq;
using Microsoft.CodeAnalysis;
using VaeDsl.Generator.Tests.Infrastructure;
using VaeDsl.Dsl.Model;
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
    public void A_construct_the_emitter_cannot_express_is_VAE9001_at_its_span_and_the_other_models_still_generate()
    {
        // The front end rejects every combination the emitter does not know, so no .vae text reaches VAE9001 today;
        // it is the generator's safety net. Hand the emitter a checked file with a loss term it has never heard of.
        static string Model(string name) => $$"""
            model {{name}} {
              input x: [8]
              encoder { linear(16) relu }
              latent z ~ Normal(2)
              decoder { linear(8) }
              likelihood Bernoulli
              loss = recon + kl
            }

            """;
        var text = Model("First") + Model("Second");
        var file = VaeDsl.Dsl.VaeCompiler.Compile("/p/two.vae", text, System.Threading.CancellationToken.None);
        var first = file.Models[0];
        var kl = first.Loss.Terms[1];
        var altered = first with { Loss = first.Loss with { Terms = new[] { first.Loss.Terms[0], kl with { Name = "elbo_plus" } }.ToEquatableArray() } };
        var output = VaeGenerator.Emit(file with { Models = new[] { altered, file.Models[1] }.ToEquatableArray() }, "Tests", System.Threading.CancellationToken.None);

        var error = Assert.Single(output.Diagnostics);
        Assert.Equal("VAE9001", error.Id);
        Assert.Equal("the loss term 'elbo_plus' is not supported by the code generator yet", error.Message);
        Assert.Equal(kl.Span, error.Span);
        Assert.Equal("Tests.Second.g.cs", Assert.Single(output.Sources).HintName);
    }

    private sealed class UnreadableText(string path) : AdditionalText
    {
        public override string Path { get; } = path;

        public override Microsoft.CodeAnalysis.Text.SourceText GetText(System.Threading.CancellationToken cancellationToken = default) =>
            throw new System.IO.IOException("disk on fire");
    }
}
