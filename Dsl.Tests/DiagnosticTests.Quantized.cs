using Xunit;

namespace VaeDsl.Dsl.Tests;

// The diagnostics of quantised latents (VectorQuantized, VQ-VAE), on a model whose encoder ends at [8, 7, 7].
public partial class DiagnosticTests
{
    private static string Quantized(
        string latent = "latent z ~ VectorQuantized(codes: 16, dim: 8)",
        string encoder = "encoder { conv2d(8, kernel: 4, stride: 4) }",
        string loss = "loss = recon + vq",
        string extra = "") =>
        Compile.Model(encoder: encoder, latent: latent, prior: "prior z ~ FittedCategorical",
            decoder: "decoder { conv_transpose2d(1, kernel: 4, stride: 4) }", loss: loss, extra: extra);

    [Fact]
    public void VAE0128_moving_average_setting_without_ema() => AssertOnly(
        Quantized(latent: "latent z ~ VectorQuantized(codes: 16, dim: 8, decay: 0.9)"),
        "VAE0128", "decay applies only with ema: true", 5, 56);

    [Fact]
    public void VAE0129_restart_every_without_restart() => AssertOnly(
        Quantized(latent: "latent z ~ VectorQuantized(codes: 16, dim: 8, ema: true, restart_every: 100)"),
        "VAE0129", "restart_every applies only with restart: true", 5, 75);

    [Fact]
    public void VAE0213_encoder_output_does_not_fit_the_code_dimension() => AssertOnly(
        Quantized(encoder: "encoder { conv2d(4, kernel: 4, stride: 4) }"),
        "VAE0213", "the quantised latent 'z' has codes of dimension 8, so the encoder must produce [8] or [8, …positions], but it produces [4, 7, 7]", 4, 13);

    [Fact]
    public void VAE0319_kl_does_not_apply_to_a_quantised_latent() => AssertOnly(
        Quantized(loss: "loss = recon + vq + kl"),
        "VAE0319", "kl does not apply to the quantised latent 'z': a VectorQuantized latent has no posterior density to take it from; its term is vq", 9, 23);

    [Fact]
    public void VAE0320_vq_without_a_quantised_latent() => AssertOnly(
        Compile.Model(loss: "loss = recon + kl + vq"),
        "VAE0320", "vq needs a VectorQuantized latent, but 'z' is Normal", 9, 23);

    [Fact]
    public void VAE0321_quantised_latent_without_vq() => AssertOnly(
        Quantized(loss: "loss = recon"),
        "VAE0321", "the quantised latent 'z' needs the term vq in the loss (its codebook and commitment losses)", 9, 3);

    [Fact]
    public void VAE0322_quantised_latent_with_a_condition() => AssertOnly(
        Quantized(extra: "condition y: onehot(10)"),
        "VAE0322", "the quantised latent 'z' must be the model's only latent and the model must have no condition, but it also has the condition 'y'", 5, 10);

    [Fact]
    public void VAE0322_quantised_latent_beside_another_latent() => AssertOnly(
        Quantized(extra: "latent w ~ Normal(4)"),
        "VAE0322", "the quantised latent 'z' must be the model's only latent and the model must have no condition, but it also has the latent 'w'", 5, 10);

    [Fact]
    public void VAE0330_teacher_forcing_after_a_quantised_latent() => AssertOnly(
        Compile.Model(input: "input x: [6]", encoder: "encoder { embedding(10, 4) flatten linear(3) }", latent: "latent z ~ VectorQuantized(codes: 4, dim: 3)",
            prior: "", decoder: "decoder { teacher_forcing(dim: 4) gru(8) linear(10) }", likelihood: "likelihood TokenCategorical(10)", loss: "loss = recon + vq"),
        "VAE0330", "teacher_forcing cannot follow the quantised latent 'z': the decoder reads its codes as the encoder laid them out, without the input tokens; drop teacher_forcing, or make the latent Normal to decode token by token", 7, 13);
}
