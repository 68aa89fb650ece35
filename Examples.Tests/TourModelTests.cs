using System;
using System.Collections.Generic;
using System.Linq;
using VaeDsl.Runtime;
using VaeDsl.Runtime.Data;
using VaeDsl.Runtime.Training;
using VaeDsl.Tour;
using Xunit;
using static TorchSharp.torch;

namespace VaeDsl.Examples.Tests;

/// <summary>Every model of the language tour (Vae.dsl), as generated in a consumer build, runs: its loss is
/// finite and has gradients, sampling and reconstruction give data-shaped tensors, and a short training run
/// stays finite. This is where a construct that compiles but does not fit at run time would show.</summary>
public sealed class TourModelTests
{
    public static IEnumerable<object[]> Models => new[]
    {
        new object[] { "MnistConv" }, new object[] { "Tabular" }, new object[] { "Discrete" }, new object[] { "Pixels" }, new object[] { "Tokens" }, new object[] { "Flows" },
        new object[] { "Gated" }, new object[] { "Sequences" }, new object[] { "Words" }, new object[] { "Codes" },
        new object[] { "Ladder" },
    };

    private static (VaeModule Model, Tensor X, Tensor? Condition) Create(string name, long batch)
    {
        Seeding.Set(7);
        return name switch
        {
            "MnistConv" => (new Tour.MnistConv(), rand(batch, 1, 28, 28), null),
            "Tabular" => (new Tabular(), randn(batch, 13), randint(0, 3, batch)),
            "Discrete" => (new Discrete(), rand(batch, 1, 28, 28), randn(batch, 8)),
            "Pixels" => (new Pixels(), rand(batch, 1, 8, 8), null),
            "Tokens" => (new Tokens(), randint(0, 100, new long[] { batch, 32 }).to_type(ScalarType.Float32), null),
            "Flows" => (new Tour.Flows(), rand(batch, 1, 28, 28), null),
            "Gated" => (new Gated(), randn(batch, 16), null),
            "Sequences" => (new Sequences(), randint(0, 20, new long[] { batch, 16 }).to_type(ScalarType.Float32), null),
            "Words" => (new Words(), randint(0, 28, new long[] { batch, 12 }).to_type(ScalarType.Float32), null),
            "Codes" => (new Codes(), rand(batch, 1, 28, 28), null),
            "Ladder" => (new Tour.Ladder(), randn(batch, 64), null),
            _ => throw new ArgumentException(name),
        };
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void The_loss_is_finite_and_every_parameter_gets_a_finite_gradient(string name)
    {
        var (model, x, condition) = Create(name, 16);
        model.train();
        var progress = new TrainingProgress(0, 10, 3, 10) { DatasetSize = 16 };

        var loss = model.ComputeLoss(x, condition, progress);
        loss.Total.backward();

        Assert.True(double.IsFinite(loss.Total.item<float>()), $"{name}: total {loss.Total.item<float>()}");
        Assert.All(loss.Terms, term => Assert.True(double.IsFinite(term.Value.item<float>()), $"{name}: {term.Key} = {term.Value.item<float>()}"));
        var parameters = model.parameters().ToList();
        Assert.NotEmpty(parameters);
        Assert.Contains(parameters, p => p.grad is not null && p.grad.abs().sum().item<float>() > 0);
        Assert.All(parameters.Where(p => p.grad is not null), p => Assert.True(p.grad!.isfinite().all().item<bool>()));
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Samples_and_reconstructions_have_the_shape_of_the_data(string name)
    {
        var (model, x, condition) = Create(name, 4);
        model.eval();
        using var noGrad = no_grad();

        var samples = model.Sample(4, condition);
        var reconstructions = model.Reconstruct(x, condition);

        Assert.Equal(x.shape, samples.shape);
        Assert.Equal(x.shape, reconstructions.shape);
        Assert.True(samples.isfinite().all().item<bool>() && reconstructions.isfinite().all().item<bool>());
        // A quantised latent has no posterior to take means of.
        var means = model.PosteriorMean(x, condition);
        if (name == "Codes") Assert.Null(means); else Assert.Equal(x.shape[0], means!.shape[0]);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Two_epochs_of_training_stay_finite(string name)
    {
        var (model, x, condition) = Create(name, 64);
        var trainer = new Trainer(model, new TrainingOptions { Epochs = 2, BatchSize = 16, Seed = 1, Threads = 2, LearningRate = 1e-3 });

        var history = trainer.Fit(new TensorDataSet(x, condition));

        Assert.Equal(2, history.Count);
        Assert.All(history, epoch => Assert.True(double.IsFinite(epoch.TrainLoss), $"{name}: epoch {epoch.Epoch} loss {epoch.TrainLoss}"));
    }

    [Fact]
    public void The_importance_sampled_log_likelihood_is_finite_and_not_above_zero_for_discrete_pixels()
    {
        var (model, x, _) = Create("Pixels", 8);
        model.eval();
        using var noGrad = no_grad();

        var logLikelihood = model.EstimateLogLikelihood(x, null, samples: 20)!;

        Assert.Equal(new long[] { 8 }, logLikelihood.shape);
        // A probability mass over 256 levels per pixel can never exceed 1: log p(x) ≤ 0.
        Assert.True(logLikelihood.max().item<float>() <= 0f);
        Assert.True(logLikelihood.isfinite().all().item<bool>());
    }

    [Fact]
    public void The_log_likelihood_of_token_sequences_is_a_probability_mass_and_recon_the_summed_cross_entropy()
    {
        var (model, x, _) = Create("Sequences", 8);
        model.eval();
        using var noGrad = no_grad();

        var logLikelihood = model.EstimateLogLikelihood(x, null, samples: 20)!;
        var loss = model.ComputeLoss(x, null, TrainingProgress.Evaluation);

        // A mass over 20 tokens at 16 positions: log p(x) ≤ 0; an untrained decoder is near uniform, 16·log 20 nats.
        Assert.True(logLikelihood.max().item<float>() <= 0f);
        Assert.InRange(loss.Terms.Single(t => t.Key == "recon").Value.item<float>(), 0.8 * 16 * System.Math.Log(20), 1.2 * 16 * System.Math.Log(20));
    }

    [Fact]
    public void A_teacher_forced_decoder_samples_tokens_and_its_greedy_reconstruction_is_the_argmax_at_its_own_tokens()
    {
        var (model, x, _) = Create("Words", 4);
        var words = (Words)model;
        model.eval();
        using var noGrad = no_grad();

        var samples = model.Sample(5);
        var reconstruction = model.Reconstruct(x);
        // Decoded token by token; read back through the shifted input, each position's most likely token is itself.
        var logits = words.Decode(model.PosteriorMean(x)!, reconstruction);

        Assert.Equal(new long[] { 5, 12 }, samples.shape);
        Assert.True(samples.ge(0).all().item<bool>() && samples.lt(28).all().item<bool>() && samples.eq(samples.round()).all().item<bool>());
        Assert.True(logits.argmax(-1).to_type(ScalarType.Float32).allclose(reconstruction, rtol: 0, atol: 0));
    }

    [Fact]
    public void The_parameter_count_computed_from_the_vae_file_matches_the_built_modules()
    {
        Assert.Equal(Tour.MnistConv.DefaultParameterCount, new Tour.MnistConv().ParameterCount);
        Assert.Equal(Tabular.DefaultParameterCount, new Tabular().ParameterCount);
        Assert.Equal(Discrete.DefaultParameterCount, new Discrete().ParameterCount);
        Assert.Equal(Pixels.DefaultParameterCount, new Pixels().ParameterCount);
        Assert.Equal(Tokens.DefaultParameterCount, new Tokens().ParameterCount);
        Assert.Equal(Tour.Flows.DefaultParameterCount, new Tour.Flows().ParameterCount);
        Assert.Equal(Sequences.DefaultParameterCount, new Sequences().ParameterCount);
        Assert.Equal(Words.DefaultParameterCount, new Words().ParameterCount);
        Assert.Equal(Codes.DefaultParameterCount, new Codes().ParameterCount);
        Assert.Equal(MnistMlp.DefaultParameterCount, new MnistMlp().ParameterCount);
        // The front end cannot see a custom layer's parameters: each of Gated's two Gate(32) modules adds a 32 × 32 linear map and its bias.
        Assert.Equal(Gated.DefaultParameterCount + 2 * (32 * 32 + 32), new Gated().ParameterCount);
    }

    [Fact]
    public void A_conditional_model_called_without_its_condition_says_what_is_missing()
    {
        var (model, x, _) = Create("Tabular", 4);

        var error = Assert.Throws<ArgumentNullException>(() => model.Reconstruct(x));

        Assert.Contains("Tabular is a conditional model", error.Message);
    }
}
