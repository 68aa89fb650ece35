using System;
using System.IO;
using System.Linq;
using Xunit;

namespace VaeDsl.Dsl.Tests;

/// <summary>Vae.dsl at the repository root uses every construct of the language and must check cleanly.</summary>
public class TourTests
{
    public static string ReadTour()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Vae.dsl"))) directory = directory.Parent;
        Assert.NotNull(directory);
        return File.ReadAllText(Path.Combine(directory!.FullName, "Vae.dsl"));
    }

    [Fact]
    public void The_tour_compiles_with_zero_diagnostics()
    {
        var file = VaeCompiler.Compile("Vae.dsl", ReadTour());
        Assert.True(file.Diagnostics.Count == 0, string.Join("\n", file.Diagnostics.Select(d => d.ToString())));
        Assert.Equal("VaeDsl.Tour", file.Namespace);
        Assert.Equal(new[] { "MnistConv", "Tabular", "Discrete", "Pixels", "Tokens" }, file.Models.Select(m => m.Name));
    }

    [Fact]
    public void The_tour_uses_every_layer_latent_prior_likelihood_term_schedule_and_optimizer()
    {
        var models = VaeCompiler.Compile("Vae.dsl", ReadTour()).Models;
        var layers = models.SelectMany(m => m.Encoder.Layers.Concat(m.Decoder.Layers))
            .SelectMany(l => new[] { l }.Concat(l.Body?.Layers ?? default)).Select(l => l.Kind).ToHashSet();
        var expectedLayers = new[]
        {
            "linear", "conv1d", "conv2d", "conv_transpose2d", "max_pool2d", "avg_pool2d", "upsample", "batch_norm", "layer_norm",
            "group_norm", "dropout", "flatten", "reshape", "embedding", "residual", "relu", "leaky_relu", "gelu", "silu", "elu",
            "tanh", "sigmoid", "softplus", "identity",
        };
        Assert.Empty(expectedLayers.Except(layers));
        Assert.Equal(new[] { "Bernoulli", "Categorical", "Normal" }, models.SelectMany(m => m.Latents).Select(l => l.Family).Distinct().OrderBy(f => f));
        Assert.Equal(new[] { "LearnedNormal", "MixtureOfGaussians", "StandardNormal", "Uniform", "VampPrior" }, models.SelectMany(m => m.Priors).Select(p => p.Family).Distinct().OrderBy(f => f));
        Assert.Equal(new[] { "Bernoulli", "Categorical256", "Gaussian", "Laplace" }, models.Select(m => m.Likelihood.Family).Distinct().OrderBy(f => f));
        Assert.Equal(new[] { "iwae", "kl", "mmd", "recon", "tc" }, models.SelectMany(m => m.Loss.Terms).Select(t => t.Name).Distinct().OrderBy(n => n));
        Assert.Equal(new[] { "capacity", "cyclical", "free_bits", "warmup" }, models.SelectMany(m => m.Loss.Terms).SelectMany(t => t.Schedules).Select(s => s.Kind).Distinct().OrderBy(k => k));
        Assert.Equal(new[] { "adam", "adamw", "rmsprop", "sgd" }, models.Select(m => m.Train.Optimizer.Name).Distinct().OrderBy(n => n));
        Assert.Equal(new[] { "onehot", "vector" }, models.Where(m => m.Condition is not null).Select(m => m.Condition!.Kind).OrderBy(k => k));
    }
}
