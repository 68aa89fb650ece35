using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using VaeDsl.Runtime.Data;
using VaeDsl.Runtime.Training;
using Xunit;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Tests.Training;

public sealed class TrainerTests : IDisposable
{
    private static readonly TrainingOptions Fast = new() { BatchSize = 64, Epochs = 6, LearningRate = 1e-2, Seed = 3, Threads = 1 };
    private readonly string directory = Path.Combine(Path.GetTempPath(), "vaedsl-trainer-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static TrainingHistory Train(TrainingOptions options, out TinyVae model)
    {
        var data = TinyVae.SyntheticData(512, seed: 1);
        var test = TinyVae.SyntheticData(128, seed: 2);
        Seeding.Set(options.Seed);
        model = new TinyVae();
        return new Trainer(model, options).Fit(data, test);
    }

    [Fact]
    public void LossFallsOnStructuredData()
    {
        var history = Train(Fast, out _);

        Assert.Equal(6, history.Count);
        Assert.Equal(Enumerable.Range(1, 6), history.Select(m => m.Epoch));
        // 8 fair coins cost 8 ln 2 ≈ 5.5 nats; two prototypes with 5% noise need far less.
        Assert.True(history[0].TrainLoss > history[^1].TrainLoss + 0.5, $"{history[0].TrainLoss} → {history[^1].TrainLoss}");
        Assert.True(history[^1].TestLoss < 4.0, $"test loss {history[^1].TestLoss}");
        var last = history[^1];
        Assert.Equal(last.TrainLoss, last.TrainTerms["recon"] + last.TrainTerms["kl"], 4);
    }

    [Fact]
    public void TheSameSeedGivesBitIdenticalLosses()
    {
        var first = Train(Fast with { Epochs = 3 }, out _);
        var second = Train(Fast with { Epochs = 3 }, out _);

        Assert.Equal(first.Select(m => m.TrainLoss), second.Select(m => m.TrainLoss));
        Assert.Equal(first.Select(m => m.TestLoss), second.Select(m => m.TestLoss));

        var other = Train(Fast with { Epochs = 3, Seed = 4 }, out _);
        Assert.NotEqual(first.Select(m => m.TrainLoss), other.Select(m => m.TrainLoss));
    }

    [Fact]
    public void NonFiniteLossStopsTrainingNamingEpochStepAndTerm()
    {
        var data = TinyVae.SyntheticData(256, seed: 1);
        Seeding.Set(0);
        // 256 / 64 = 4 steps per epoch, so the 6th call is epoch 2, step 2.
        var model = new TinyVae { NaNAtTrainingCall = 6 };
        var trainer = new Trainer(model, Fast);

        var error = Assert.Throws<TrainingDivergedException>(() => trainer.Fit(data));

        Assert.Equal(2, error.Epoch);
        Assert.Equal(2, error.Step);
        Assert.Equal(new[] { "kl" }, error.NonFiniteTerms);
        Assert.StartsWith("training diverged at epoch 2, step 2: the total loss is NaN; non-finite term(s): kl = NaN", error.Message);
        Assert.All(model.parameters(), p => Assert.True(isfinite(p).all().item<bool>()));
    }

    [Fact]
    public void MetricsAreWrittenOneLinePerEpoch()
    {
        var history = Train(Fast with { Epochs = 2, OutputDirectory = directory }, out _);

        var lines = File.ReadAllLines(Path.Combine(directory, "metrics.jsonl"));
        Assert.Equal(2, lines.Length);
        for (var i = 0; i < 2; i++)
        {
            using var json = JsonDocument.Parse(lines[i]);
            var root = json.RootElement;
            Assert.Equal(i + 1, root.GetProperty("epoch").GetInt32());
            Assert.Equal(history[i].TrainLoss, root.GetProperty("train_loss").GetDouble());
            Assert.Equal(history[i].TestLoss, root.GetProperty("test_loss").GetDouble());
            Assert.True(root.GetProperty("seconds").GetDouble() > 0);
            Assert.Equal(Math.Round(history[i].ResidentBytes!.Value / 1048576.0, 1), root.GetProperty("resident_mib").GetDouble());
            Assert.InRange(root.GetProperty("resident_mib").GetDouble(), 10, 1_000_000);
            Assert.Equal(history[i].TrainTerms["kl"], root.GetProperty("train_kl").GetDouble());
            Assert.Equal(history[i].TestTerms!["recon"], root.GetProperty("test_recon").GetDouble());
        }

        var csv = File.ReadAllLines(Path.Combine(directory, "metrics.csv"));
        Assert.Equal(3, csv.Length);
        Assert.Equal("epoch,train_loss,test_loss,seconds,resident_mib,train_recon,train_kl,test_recon,test_kl", csv[0]);
        Assert.StartsWith("2,", csv[2]);
    }

    [Fact]
    public void OnEpochIsCalledWithEachEpochsMetrics()
    {
        var seen = new List<int>();
        var data = TinyVae.SyntheticData(128, seed: 1);
        Seeding.Set(0);
        new Trainer(new TinyVae(), Fast with { Epochs = 3 }).Fit(data, onEpoch: m => seen.Add(m.Epoch));
        Assert.Equal(new[] { 1, 2, 3 }, seen);
    }

    [Fact]
    public void EvaluateWeightsBatchesBySizeAndPassesLabelsAsCondition()
    {
        // 10 examples in batches of 3, 3, 3, 1: an unweighted mean of batch means would differ from the true mean.
        var inputs = arange(10, dtype: ScalarType.Float32).reshape(10, 1);
        var labels = inputs * 10;
        var model = new MeanOfInputs();
        var result = new Trainer(model, new TrainingOptions { BatchSize = 3, Threads = 1 }).Evaluate(new TensorDataSet(inputs, labels));

        Assert.Equal(4.5, result.Loss, 5);
        Assert.Equal(45.0, result.Terms["condition"], 4);
        Assert.Equal(10, result.Count);
        Assert.False(model.training);
    }

    [Fact]
    public void InvalidOptionsAreRejected()
    {
        using var model = new TinyVae();
        var error = Assert.Throws<ArgumentException>(() => new Trainer(model, new TrainingOptions { BatchSize = 0 }));
        Assert.Contains("batch size must be positive but is 0", error.Message);
    }

    [Fact]
    public void EveryOptimizerTrains()
    {
        foreach (var kind in Enum.GetValues<OptimizerKind>())
        {
            var options = Fast with { Epochs = 2, Optimizer = kind, Momentum = kind is OptimizerKind.Sgd or OptimizerKind.RmsProp ? 0.9 : 0, GradientClipNorm = 5 };
            var history = Train(options, out _);
            Assert.All(history, m => Assert.True(double.IsFinite(m.TrainLoss), $"{kind}: {m.TrainLoss}"));
        }
    }

    [Fact]
    public void DataOfTheWrongShapeIsRefusedBeforeTrainingWithTheFix()
    {
        Seeding.Set(0);
        var trainer = new Trainer(new TinyVae(), Fast);
        var good = TinyVae.SyntheticData(64, seed: 1);

        var reshaped = Assert.Throws<DataSetMismatchException>(() => trainer.Fit(good.Reshape(2, 4)));
        Assert.StartsWith("the training set's examples have shape [2, 4] but TinyVae takes [8] (its input in the .vae file); it has the same number of values, so `data.Reshape(8)` fits", reshaped.Message);

        var smaller = Assert.Throws<DataSetMismatchException>(() => trainer.Fit(good, new TensorDataSet(zeros(16, 5))));
        Assert.Equal("the test set's examples have shape [5] but TinyVae takes [8] (its input in the .vae file)", smaller.Message);
        Assert.Equal("test", smaller.Set);

        var integers = Assert.Throws<DataSetMismatchException>(() => trainer.Evaluate(new TensorDataSet(ones(16, 8, dtype: ScalarType.Int64))));
        Assert.StartsWith("the evaluation set's inputs are Int64 but TinyVae takes floating-point values", integers.Message);
        Assert.Equal(0, trainer.CompletedEpochs);
    }

    [Fact]
    public void ANonFiniteTestLossStopsTrainingAndNamesTheBatch()
    {
        var train = TinyVae.SyntheticData(128, seed: 1);
        var test = TinyVae.SyntheticData(96, seed: 2);
        test.Inputs[70, 3] = tensor(float.NaN); // one corrupt value in the second test batch (examples 64 to 95)
        Seeding.Set(0);
        var epochs = new List<int>();

        var error = Assert.Throws<NonFiniteEvaluationException>(() => new Trainer(new TinyVae(), Fast).Fit(train, test, m => epochs.Add(m.Epoch)));

        Assert.StartsWith("the test loss of examples 64 to 95 (0-based) is not finite: the total loss is NaN; non-finite term(s): recon = NaN", error.Message);
        Assert.Equal(("test", 64L, 32L), (error.Set, error.FirstExample, error.Count));
        Assert.Empty(epochs);
        var clean = new Trainer(new TinyVae(), Fast).Evaluate(TinyVae.SyntheticData(96, seed: 2));
        Assert.True(double.IsFinite(clean.Loss));
    }

    [Fact]
    public void AConditionalModelNeedsLabels()
    {
        var trainer = new Trainer(new MeanOfInputs(usesCondition: true), new TrainingOptions { BatchSize = 3, Threads = 1 });
        var error = Assert.Throws<DataSetMismatchException>(() => trainer.Evaluate(new TensorDataSet(zeros(4, 1))));
        Assert.Equal("MeanOfInputs is conditional but the evaluation set has no labels: create it with `new TensorDataSet(inputs, labels)`", error.Message);
    }

    private sealed class MeanOfInputs : VaeModule
    {
        private readonly TorchSharp.Modules.Parameter unused = new(zeros(1));

        public MeanOfInputs(bool usesCondition = false) : base(nameof(MeanOfInputs))
        {
            UsesCondition = usesCondition;
            RegisterComponents();
        }

        public override IReadOnlyList<long> InputShape { get; } = new long[] { 1 };

        public override bool UsesCondition { get; }

        public override LossBreakdown ComputeLoss(Tensor x, Tensor? condition, TrainingProgress progress)
        {
            Assert.True(progress.IsEvaluation);
            return new LossBreakdown(x.mean() + unused.sum(), new[] { new KeyValuePair<string, Tensor>("condition", condition!.mean()) });
        }

        public override Tensor Reconstruct(Tensor x, Tensor? condition = null) => x;

        public override Tensor Sample(long count, Tensor? condition = null) => zeros(count, 1);
    }
}
