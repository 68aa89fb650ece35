using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using VaeDsl.Examples.Tests.FreeBits;
using VaeDsl.Examples.Tests.Joint;
using VaeDsl.Runtime;
using VaeDsl.Runtime.Data;
using VaeDsl.Runtime.Evaluation;
using VaeDsl.Runtime.Runs;
using VaeDsl.Runtime.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace VaeDsl.Examples.Tests;

/// <summary>
/// Every model of the language tour (Vae.dsl), of the examples and of these tests creates each tensor it needs on the
/// model's device: forward, loss and gradients, sampling, reconstruction, posterior means, the log p(x) estimate, the
/// active units, the pictures' inputs and the trainer's steps, evaluation and checkpoint.
/// <para>
/// The model and its data live on the CPU while libtorch's default device is <c>meta</c> (tensors with a shape and no
/// data). A tensor created without the model's device lands on <c>meta</c>, and the first operation that mixes it with
/// the model's tensors throws "Expected all tensors to be on the same device, but found at least two devices, meta and
/// cpu!" (or reading it fails: a meta tensor has no data). That is the mistake that breaks a GPU run, caught on a
/// machine without one. The model itself cannot run on <c>meta</c>: libtorch 2.10's meta backend has no kernel for
/// operators these models use (log_sigmoid_forward in the Bernoulli likelihood, where, index_select, logsumexp's
/// abs), a meta tensor cannot be read back (<c>item()</c>), and randperm on meta ends the process.
/// </para>
/// </summary>
public sealed class DeviceTests : IDisposable
{
    private static readonly Device Meta = new("meta");
    private readonly string folder = Directory.CreateTempSubdirectory("vaedsl-device-").FullName;

    public static IEnumerable<object[]> Models => Factories.Keys.Select(name => new object[] { name });

    /// <summary>Each model with a batch of data of its input shape and its condition (on the CPU), by name.</summary>
    private static readonly Dictionary<string, Func<long, (VaeModule Model, Tensor X, Tensor? Condition)>> Factories = new()
    {
        ["Tour.MnistConv"] = b => (new Tour.MnistConv(), Images(b), null),
        ["Tour.Tabular"] = b => (new Tour.Tabular(), randn(b, 13), randint(0, 3, b)),
        ["Tour.Discrete"] = b => (new Tour.Discrete(), Images(b), randn(b, 8)),
        ["Tour.Pixels"] = b => (new Tour.Pixels(), rand(b, 1, 8, 8), null),
        ["Tour.Tokens"] = b => (new Tour.Tokens(), randint(0, 100, new[] { b, 32L }).to_type(ScalarType.Float32), null),
        ["Tour.Flows"] = b => (new Tour.Flows(), Images(b), null),
        ["Tour.Gated"] = b => (new Tour.Gated(), randn(b, 16), null),
        ["Tour.Sequences"] = b => (new Tour.Sequences(), randint(0, 20, new[] { b, 16L }).to_type(ScalarType.Float32), null),
        ["Tour.Words"] = b => (new Tour.Words(), randint(0, 28, new[] { b, 12L }).to_type(ScalarType.Float32), null),
        ["Tour.Codes"] = b => (new Tour.Codes(), Images(b), null),
        ["Tour.Ladder"] = b => (new Tour.Ladder(), randn(b, 64), null),
        ["MnistMlp"] = b => (new MnistMlp(), Images(b), null),
        ["MnistConv"] = b => (new MnistConv(), Images(b), null),
        ["BetaVae"] = b => (new BetaVae(), Images(b), null),
        ["ConditionalVae"] = b => (new ConditionalVae(), Images(b), randint(0, 10, b)),
        ["PlainVae"] = b => (new PlainVae(), Images(b), null),
        ["ImportanceWeightedVae"] = b => (new ImportanceWeightedVae(), Images(b), null),
        ["WineVae"] = b => (new WineVae(), randn(b, 13), null),
        ["WordVae"] = b => (new WordVae(), randint(0, 28, new[] { b, 12L }).to_type(ScalarType.Float32), null),
        ["NormalPosterior"] = b => (new NormalPosterior(), Images(b), null),
        ["PlanarPosterior"] = b => (new PlanarPosterior(), Images(b), null),
        ["IafPosterior"] = b => (new IafPosterior(), Images(b), null),
        ["HighwayMlp"] = b => (new HighwayMlp(), Images(b), null),
        ["VqVae"] = b => (new VqVae(), Images(b), null),
        ["OneLayer"] = b => (new OneLayer(), Images(b), null),
        ["TwoLayer"] = b => (new TwoLayer(), Images(b), null),
        ["Ladder"] = b => (new Ladder(), Images(b), null),
        ["MixtureFreeBits"] = b => (new MixtureFreeBits(), Bits(b), null),
        ["TwoLatents"] = b => (new TwoLatents(), Bits(b), null),
        ["OneLatent"] = b => (new OneLatent(), Bits(b), null),
        ["TwoLatentsDisentangled"] = b => (new TwoLatentsDisentangled(), Bits(b), null),
        ["ConditionalTwoLatents"] = b => (new ConditionalTwoLatents(), Bits(b), randint(0, 3, b)),
        ["ZeroStepPlanar"] = b => (new Flows.ZeroStepPlanar(), Bits(b), null),
        ["PlainNormal"] = b => (new Flows.PlainNormal(), Bits(b), null),
        ["ZeroStepIaf"] = b => (new Flows.ZeroStepIaf(), Bits(b), null),
        ["PlainIwae"] = b => (new Flows.PlainIwae(), Bits(b), null),
        ["HierarchicalWords"] = b => (new Combinations.HierarchicalWords(), randint(0, 10, new[] { b, 6L }).to_type(ScalarType.Float32), null),
        ["GatedLadder"] = b => (new Combinations.GatedLadder(), randn(b, 12), null),
        ["RestartEveryTwoSteps"] = b => (new Quantized.RestartEveryTwoSteps(), randn(b, 12), null),
        ["RestartEachEpoch"] = b => (new Quantized.RestartEachEpoch(), randn(b, 12), null),
    };

    private static Tensor Images(long batch) => rand(batch, 1, 28, 28);

    private static Tensor Bits(long batch) => rand(batch, 12).bernoulli();

    private static (VaeModule Model, Tensor X, Tensor? Condition) Create(string name, long batch)
    {
        Seeding.Set(5);
        return Factories[name](batch);
    }

    [Fact]
    public void Every_model_of_the_tour_and_of_the_examples_is_covered()
    {
        var tour = typeof(Tour.MnistConv).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(VaeModule)) && !t.IsAbstract)
            .Select(t => t.Namespace == "VaeDsl.Tour" ? "Tour." + t.Name : t.Name);
        Assert.Equal(tour.OrderBy(n => n, StringComparer.Ordinal), Factories.Keys.OrderBy(n => n, StringComparer.Ordinal));
    }

    [Fact]
    public void A_tensor_created_without_the_model_s_device_fails_here()
    {
        using var model = new MnistMlp();
        var x = Images(2);
        OnMetaByDefault(() =>
        {
            var error = Assert.ThrowsAny<Exception>(() => model.Decode(randn(2, 20)).sum().item<float>());
            Assert.True(error.Message.Contains("meta", StringComparison.Ordinal), error.Message);
            return 0;
        });
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void The_loss_and_its_gradients_are_computed_on_the_model_s_device(string name)
    {
        var (model, x, condition) = Create(name, 6);
        model.train();
        var progress = new TrainingProgress(1, 10, 3, 10) { DatasetSize = 60 };

        var total = OnMetaByDefault(() =>
        {
            var loss = model.ComputeLoss(x, condition, progress);
            loss.Total.backward();
            Assert.All(loss.Terms, term => Assert.True(float.IsFinite(term.Value.item<float>()), $"{name}: {term.Key}"));
            return loss.Total.item<float>();
        });

        Assert.True(float.IsFinite(total), $"{name}: total {total}");
        Assert.All(model.parameters().Where(p => p.grad is not null), p => Assert.Equal(DeviceType.CPU, p.grad!.device_type));
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Sampling_reconstruction_and_the_estimators_run_on_the_model_s_device(string name)
    {
        var (model, x, condition) = Create(name, 6);
        var data = new TensorDataSet(x, condition);
        model.eval();
        using var noGrad = no_grad();

        var (samples, reconstructions, logLikelihood, activeUnits) = OnMetaByDefault(() =>
        {
            var samples = model.Sample(6, condition).sum().item<float>();
            var reconstructions = model.Reconstruct(x, condition).sum().item<float>();
            var logLikelihood = model.EstimateLogLikelihood(x, condition, 3) is null
                ? (double?)null
                : LogLikelihood.Estimate(model, data, samples: 5, batchSize: 4).Mean;
            var means = RunFigures.PosteriorMeans(model, data, batchSize: 4);
            int? activeUnits = means is null ? null : ActiveUnits.Count(means);
            var written = new List<string>();
            RunFigures.Images(folder, model, data, condition, written);
            RunFigures.LatentSpace(folder, model, data, written);
            return (samples, reconstructions, logLikelihood, activeUnits);
        });

        Assert.True(float.IsFinite(samples) && float.IsFinite(reconstructions), $"{name}: samples {samples}, reconstructions {reconstructions}");
        Assert.True(logLikelihood is null || double.IsFinite(logLikelihood.Value), $"{name}: log p(x) {logLikelihood}");
        Assert.True(activeUnits is null or >= 0);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void The_trainer_moves_batches_and_keeps_its_metrics_and_checkpoint_on_the_model_s_device(string name)
    {
        var (model, x, condition) = Create(name, 12);
        var train = new TensorDataSet(x, condition);
        var options = new TrainingOptions
        {
            Epochs = 2, BatchSize = 5, Seed = 2, Threads = 2, Device = "cpu", ValidationFraction = 0.25,
            CheckpointPath = Path.Combine(folder, name + ".ckpt"), Progress = ProgressMode.None,
        };

        var history = OnMetaByDefault(() =>
        {
            var trainer = new Trainer(model, options);
            var run = trainer.Fit(train, train.Take(7));
            var resumed = new Trainer(model, options with { Epochs = 3 });
            resumed.Resume(options.CheckpointPath!);
            return run.Concat(resumed.Fit(train, train.Take(7))).ToList();
        });

        Assert.Equal(new[] { 1, 2, 3 }, history.Select(e => e.Epoch));
        Assert.All(history, e => Assert.True(double.IsFinite(e.TrainLoss) && double.IsFinite(e.TestLoss!.Value), $"{name}: epoch {e.Epoch}"));
        Assert.All(model.parameters(), p => Assert.Equal(DeviceType.CPU, p.device_type));
    }

    [Theory]
    [InlineData(OptimizerKind.Sgd)]
    [InlineData(OptimizerKind.RmsProp)]
    [InlineData(OptimizerKind.AdamW)]
    public void A_resumed_optimizer_keeps_its_state_on_the_model_s_device(OptimizerKind optimizer)
    {
        var (model, x, _) = Create("MnistMlp", 12);
        var train = new TensorDataSet(x);
        var options = new TrainingOptions
        {
            Epochs = 1, BatchSize = 6, Seed = 2, Threads = 2, Optimizer = optimizer, Momentum = 0.9, LearningRate = 1e-3,
            CheckpointPath = Path.Combine(folder, optimizer + ".ckpt"), Progress = ProgressMode.None,
        };

        var losses = OnMetaByDefault(() =>
        {
            new Trainer(model, options).Fit(train);
            var resumed = new Trainer(model, options with { Epochs = 2 });
            resumed.Resume(options.CheckpointPath!);
            return resumed.Fit(train).Select(e => e.TrainLoss).ToList();
        });

        Assert.True(losses.Count == 1 && double.IsFinite(losses[0]), $"{optimizer}: {string.Join(", ", losses)}");
    }

    /// <summary>Runs <paramref name="body"/> with libtorch's default device set to <c>meta</c>, and restores the CPU after.</summary>
    private static T OnMetaByDefault<T>(Func<T> body)
    {
        set_default_device(Meta);
        try
        {
            return body();
        }
        finally
        {
            set_default_device(CPU);
        }
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
