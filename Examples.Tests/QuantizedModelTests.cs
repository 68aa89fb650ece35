using System;
using System.IO;
using System.Linq;
using VaeDsl.Examples.Tests.Quantized;
using VaeDsl.Runtime;
using VaeDsl.Runtime.Data;
using VaeDsl.Runtime.Training;
using VaeDsl.Testing;
using VaeDsl.Tour;
using Xunit;
using static TorchSharp.torch;

namespace VaeDsl.Examples.Tests;

/// <summary>The tour's VQ-VAE (Codes) as generated in a consumer build, through the trainer: the codebook's figures of
/// each epoch reach the history, the metrics files and a resumed run, and the prior over codes is fitted after training
/// to the code frequencies of the training set. The models of Quantized.vae show that the codebook's figures on the test
/// set are those of the codes the encoder assigns to it, and that a run resumed from a checkpoint restarts the dead
/// codes the uninterrupted run restarts.</summary>
public sealed class QuantizedModelTests : IDisposable
{
    private readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Each_epoch_reports_the_codebooks_usage_and_perplexity_in_the_history_and_the_metrics_files()
    {
        Seeding.Set(3);
        var model = new Codes();
        var data = new TensorDataSet(rand(48, 1, 28, 28));
        var options = new TrainingOptions { Epochs = 2, BatchSize = 16, Seed = 1, Threads = 2, OutputDirectory = folder.Path, CheckpointPath = Path.Combine(folder.Path, "c.ckpt"), Progress = ProgressMode.None };

        var history = new Trainer(model, options).Fit(data);
        var resumed = new Trainer(model, options with { Epochs = 3 });
        resumed.Resume(options.CheckpointPath!);
        resumed.Fit(data);

        Assert.All(resumed.History, epoch =>
        {
            Assert.InRange(epoch.Statistics["usage"], 1.0 / 32, 1.0);
            Assert.InRange(epoch.Statistics["perplexity"], 1.0, 32.0);
            Assert.True(epoch.Statistics.ContainsKey("restarted"));
        });
        Assert.Equal(history[0].Statistics["perplexity"], resumed.History[0].Statistics["perplexity"]);
        var csv = File.ReadAllLines(Path.Combine(folder.Path, "metrics.csv"));
        var columns = csv[0].Split(',').ToList();
        Assert.Equal(4, csv.Length);
        var usage = columns.IndexOf("usage");
        Assert.True(usage >= 0 && columns.Contains("perplexity"), csv[0]);
        Assert.Equal(resumed.History[2].Statistics["usage"], double.Parse(csv[3].Split(',')[usage], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void After_training_the_prior_holds_the_code_frequencies_of_the_training_set_at_each_position()
    {
        Seeding.Set(4);
        var model = new Codes();
        var data = new TensorDataSet(rand(40, 1, 28, 28));
        new Trainer(model, new TrainingOptions { Epochs = 1, BatchSize = 16, Seed = 2, Threads = 2, Progress = ProgressMode.None }).Fit(data);

        model.eval();
        using var noGrad = no_grad();
        var codes = model.Encode(data.Inputs).Z.Codes.reshape(40, 49);
        var expected = new double[49, 32];
        var values = codes.data<long>().ToArray();
        for (var i = 0; i < 40; i++)
        {
            for (var p = 0; p < 49; p++) expected[p, values[i * 49 + p]] += 1.0 / 40;
        }
        var fitted = model.state_dict()["z_prior.probabilities"].to(ScalarType.Float64).data<double>().ToArray();
        for (var p = 0; p < 49; p++)
        {
            for (var k = 0; k < 32; k++) Assert.Equal(expected[p, k], fitted[p * 32 + k], 6);
        }
        Assert.Equal(new long[] { 5, 1, 28, 28 }, model.Sample(5).shape);
    }

    /// <summary>The fraction of the codes used and the perplexity exp(−Σ p log p) of the code frequencies, in doubles.</summary>
    private static (double Usage, double Perplexity) CodebookFigures(long[] codes, int codebookSize)
    {
        var counts = new double[codebookSize];
        foreach (var code in codes) counts[code]++;
        var entropy = -counts.Where(c => c > 0).Sum(c => c / codes.Length * Math.Log(c / codes.Length));
        return (counts.Count(c => c > 0) / (double)codebookSize, Math.Exp(entropy));
    }

    [Fact]
    public void Each_epoch_reports_the_codebooks_usage_and_perplexity_on_the_test_set_as_those_of_the_codes_assigned_to_it()
    {
        Seeding.Set(3);
        var model = new RestartEveryTwoSteps();
        var train = new TensorDataSet(randn(60, 12));
        var test = new TensorDataSet(randn(20, 12) * 3);
        var options = new TrainingOptions { Epochs = 2, BatchSize = 16, Seed = 1, Threads = 2, OutputDirectory = folder.Path, Progress = ProgressMode.None };

        var history = new Trainer(model, options).Fit(train, test);

        model.eval();
        using var noGrad = no_grad();
        var (usage, perplexity) = CodebookFigures(model.Encode(test.Inputs).Z.Codes.data<long>().ToArray(), 32);
        var last = history[^1];
        Assert.Equal(usage, last.TestStatistics["usage"], 12);
        Assert.Equal(perplexity, last.TestStatistics["perplexity"], 10);
        Assert.Equal(new[] { "perplexity", "usage" }, last.TestStatistics.Keys.OrderBy(k => k, StringComparer.Ordinal));
        // The training figures are the training batches': a test set three times as wide is assigned other codes.
        Assert.NotEqual(last.Statistics["perplexity"], last.TestStatistics["perplexity"]);
        var csv = File.ReadAllLines(Path.Combine(folder.Path, "metrics.csv"));
        var columns = csv[0].Split(',').ToList();
        var row = csv[2].Split(',');
        Assert.Equal(usage, double.Parse(row[columns.IndexOf("test_usage")], System.Globalization.CultureInfo.InvariantCulture), 12);
        Assert.Equal(last.TestStatistics["perplexity"], double.Parse(row[columns.IndexOf("test_perplexity")], System.Globalization.CultureInfo.InvariantCulture));
        var json = File.ReadAllLines(Path.Combine(folder.Path, "metrics.jsonl"))[1];
        Assert.Contains("\"test_perplexity\":", json);
    }

    public static TheoryData<string> RestartingModels => new() { nameof(RestartEveryTwoSteps), nameof(RestartEachEpoch) };

    private static VaeModule NewRestarting(string name) => name == nameof(RestartEveryTwoSteps) ? new RestartEveryTwoSteps() : new RestartEachEpoch();

    private static Tensor Codebook(VaeModule model) => model.state_dict()["z.embedding"].detach().clone();

    [Theory]
    [MemberData(nameof(RestartingModels))]
    public void A_run_resumed_from_a_checkpoint_restarts_the_dead_codes_the_uninterrupted_run_restarts(string name)
    {
        var data = new TensorDataSet(randn(48, 12));
        // 48 examples in batches of 16: 3 steps an epoch, so a check every 2 steps falls due across the epochs' ends.
        var options = new TrainingOptions { Epochs = 3, BatchSize = 16, Seed = 1, Threads = 2, Progress = ProgressMode.None };

        Seeding.Set(3);
        var straight = NewRestarting(name);
        var whole = new Trainer(straight, options).Fit(data);

        Seeding.Set(3);
        var first = NewRestarting(name);
        var checkpoint = Path.Combine(folder.Path, name + ".ckpt");
        new Trainer(first, options with { Epochs = 1, CheckpointPath = checkpoint }).Fit(data);
        // Another initialisation: everything the resumed run knows comes from the checkpoint.
        Seeding.Set(11);
        var resumed = NewRestarting(name);
        var rest = new Trainer(resumed, options with { CheckpointPath = checkpoint });
        rest.Resume(checkpoint);
        var after = rest.Fit(data);

        Assert.True(whole[1].Statistics["restarted"] > 0, "no code restarted in epoch 2");
        Assert.Equal(whole.Skip(1).Select(e => e.Statistics["restarted"]), after.Select(e => e.Statistics["restarted"]));
        Assert.True(Codebook(straight).equal(Codebook(resumed)).all().item<bool>(), "the codebooks differ");
        Assert.Equal(whole[^1].TrainLoss, after[^1].TrainLoss);
    }
}
