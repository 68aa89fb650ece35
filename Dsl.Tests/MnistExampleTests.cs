using System.Linq;
using VaeDsl.Dsl.Model;
using Xunit;

namespace VaeDsl.Dsl.Tests;

public class MnistExampleTests
{
    private const string Source = """
        /// The VAE of the PyTorch examples: 784-400-20 with ReLU and a Bernoulli likelihood.
        model MnistMlp {
          input x: [1, 28, 28]
          hyper hidden = 400, latent = 20
          encoder { flatten linear(hidden) relu }
          latent z ~ Normal(latent)
          prior z ~ StandardNormal
          decoder { linear(hidden) relu linear(784) reshape(1, 28, 28) }
          likelihood Bernoulli
          loss = recon + kl
          train { optimizer: adam(lr: 1e-3), batch: 128, epochs: 10, seed: 42 }
        }
        """;

    [Fact]
    public void The_example_compiles_without_diagnostics()
    {
        var model = Compile.Clean(Source);
        Assert.Equal("MnistMlp", model.Name);
        Assert.Equal("The VAE of the PyTorch examples: 784-400-20 with ReLU and a Bernoulli likelihood.", model.Documentation);
        Assert.Equal(Shape.Of(1, 28, 28), model.Input.Shape);
        Assert.Equal("x", model.Input.Name);
        Assert.Null(model.Condition);
    }

    [Fact]
    public void Hypers_keep_their_names_values_and_kinds()
    {
        var model = Compile.Clean(Source);
        Assert.Equal(new[] { "hidden", "latent" }, model.Hypers.Select(h => h.Name));
        Assert.Equal(400, model.Hypers[0].Default.Value);
        Assert.Equal(NumberKind.Int, model.Hypers[0].Default.Kind);
        Assert.Equal(20, model.Hypers[1].Default.Value);
    }

    [Fact]
    public void Encoder_shapes_flow_from_the_input()
    {
        var encoder = Compile.Clean(Source).Encoder;
        Assert.Equal(new[] { "flatten", "linear", "relu" }, encoder.Layers.Select(l => l.Kind));
        Assert.Equal(Shape.Of(1, 28, 28), encoder.InputShape);
        Assert.Equal(Shape.Of(784), encoder.Layers[0].OutputShape);
        Assert.Equal(Shape.Of(400), encoder.OutputShape);
        var linear = encoder.Layers[1];
        Assert.Equal(new[] { "features", "bias" }, linear.Arguments.Select(a => a.Name));
        Assert.Equal(new HyperRefExpr("hidden", 400, NumberKind.Int), linear.Arguments[0].Number);
        Assert.Equal("true", linear.Arguments[1].Word);
    }

    [Fact]
    public void Decoder_starts_at_the_latent_size_and_ends_at_the_input_shape()
    {
        var model = Compile.Clean(Source);
        Assert.Equal(Shape.Of(20), model.Decoder.InputShape);
        Assert.Equal(Shape.Of(1, 28, 28), model.Decoder.OutputShape);
        var reshape = model.Decoder.Layers.Last();
        Assert.Equal(new[] { "0", "1", "2" }, reshape.Arguments.Select(a => a.Name));
        Assert.Equal(new long[] { 1, 28, 28 }, reshape.Arguments.Select(a => a.Number!.IntValue));
    }

    [Fact]
    public void Latent_prior_likelihood_and_loss_are_resolved()
    {
        var model = Compile.Clean(Source);
        var latent = Assert.Single(model.Latents);
        Assert.Equal(("z", "Normal", 20.0), (latent.Name, latent.Family, latent.Size.Value));
        var prior = Assert.Single(model.Priors);
        Assert.Equal(("z", "StandardNormal", "analytic"), (prior.LatentName, prior.Family, prior.KlMethod));
        Assert.Equal("Bernoulli", model.Likelihood.Family);
        Assert.Equal(Shape.Of(1, 28, 28), model.Likelihood.DecoderShape);
        Assert.Equal(new[] { ("recon", "Recon", ""), ("kl", "Kl", "analytic") }, model.Loss.Terms.Select(t => (t.Name, t.Property, t.Method)));
        Assert.All(model.Loss.Terms, t => Assert.Equal(1.0, t.Weight.Value));
    }

    [Fact]
    public void Training_settings_are_resolved_with_defaults()
    {
        var train = Compile.Clean(Source).Train;
        Assert.Equal((128.0, 10.0, 42.0), (train.BatchSize.Value, train.Epochs.Value, train.Seed.Value));
        Assert.Equal("adam", train.Optimizer.Name);
        Assert.Equal(new[] { "lr", "beta1", "beta2", "eps", "weight_decay" }, train.Optimizer.Arguments.Select(a => a.Name));
        Assert.Equal(1e-3, train.Optimizer.Arguments[0].Number!.Value);
        Assert.Equal(
            new[] { "validation", "patience", "clip", "schedule", "schedule_warmup", "schedule_every", "schedule_gamma", "schedule_min_lr", "device" },
            train.Settings.Select(a => a.Name));
    }

    [Fact]
    public void Spans_are_zero_based_lines_and_columns()
    {
        var model = Compile.Clean(Source);
        Assert.Equal((1, 0), (model.Span.StartLine, model.Span.StartColumn));
        Assert.Equal((4, 20), (model.Encoder.Layers[1].Span.StartLine, model.Encoder.Layers[1].Span.StartColumn));
    }

    [Fact]
    public void Compiling_twice_gives_equal_results()
    {
        Assert.Equal(VaeCompiler.Compile("a.vae", Source), VaeCompiler.Compile("a.vae", Source));
    }
}
