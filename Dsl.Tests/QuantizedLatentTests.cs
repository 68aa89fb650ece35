using System.Linq;
using VaeDsl.Dsl.Model;
using Xunit;

namespace VaeDsl.Dsl.Tests;

/// <summary>A <c>VectorQuantized</c> latent as the front end checks it: the encoder's output quantised in its own
/// shape and decoded in it, the fitted prior by default, the codebook counted as parameters unless moving averages
/// update it, and the density terms refused with the quantised latent's own diagnostic.</summary>
public class QuantizedLatentTests
{
    private static string Model(string latent, string encoder = "encoder { conv2d(8, kernel: 4, stride: 4) }",
        string decoder = "decoder { conv_transpose2d(1, kernel: 4, stride: 4) }", string loss = "loss = recon + vq") =>
        Compile.Model(encoder: encoder, latent: latent, prior: "", decoder: decoder, loss: loss);

    [Fact]
    public void The_decoder_reads_the_quantised_encoder_output_in_its_shape()
    {
        var model = Compile.Clean(Model("latent z ~ VectorQuantized(codes: 16, dim: 8)"));
        var latent = Assert.Single(model.Latents);
        Assert.Equal("VectorQuantized", latent.Family);
        Assert.Equal(8, latent.Size.IntValue);
        Assert.Equal(Shape.Of(8, 7, 7), model.Encoder.OutputShape);
        Assert.Equal(Shape.Of(8, 7, 7), model.Decoder.InputShape);
        Assert.Equal("FittedCategorical", Assert.Single(model.Priors).Family);
    }

    [Fact]
    public void A_flat_encoder_output_is_one_position()
    {
        var model = Compile.Clean(Model("latent z ~ VectorQuantized(codes: 16, dim: 8)", encoder: "encoder { flatten linear(8) }",
            decoder: "decoder { linear(784) reshape(1, 28, 28) }"));
        Assert.Equal(Shape.Of(8), model.Decoder.InputShape);
    }

    [Fact]
    public void The_codebook_is_counted_as_parameters_unless_moving_averages_update_it()
    {
        var layers = 8 * 1 * 16 + 8 + 8 * 1 * 16 + 1;
        Assert.Equal(layers + 16 * 8, ParameterCount.Of(Compile.Clean(Model("latent z ~ VectorQuantized(codes: 16, dim: 8)"))));
        Assert.Equal(layers, ParameterCount.Of(Compile.Clean(Model("latent z ~ VectorQuantized(codes: 16, dim: 8, ema: true, decay: 0.9)"))));
    }

    [Theory]
    [InlineData("loss = recon + vq + tc", "tc")]
    [InlineData("loss = recon + vq + mmd", "mmd")]
    [InlineData("loss = iwae + vq", "iwae")]
    public void Density_terms_are_refused_with_the_quantised_latents_diagnostic_alone(string loss, string term)
    {
        var file = Compile.File(Model("latent z ~ VectorQuantized(codes: 16, dim: 8)", loss: loss));
        var diagnostic = Assert.Single(file.Diagnostics);
        Assert.Equal("VAE0319", diagnostic.Id);
        Assert.StartsWith(term + " does not apply to the quantised latent 'z'", diagnostic.Message);
    }

    [Fact]
    public void Settings_that_apply_are_accepted_and_kept()
    {
        var model = Compile.Clean(Model("latent z ~ VectorQuantized(codes: 16, dim: 8, commitment: 0.5, ema: true, decay: 0.9, epsilon: 1e-3, restart: true, restart_every: 50)"));
        var arguments = model.Latents[0].Arguments.ToDictionary(a => a.Name);
        Assert.Equal(0.5, arguments["commitment"].Number!.Value);
        Assert.Equal("true", arguments["ema"].Word);
        Assert.Equal(50, arguments["restart_every"].Number!.IntValue);
    }
}
