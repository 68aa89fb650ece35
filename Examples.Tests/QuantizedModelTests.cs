using System;
using System.IO;
using System.Linq;
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
/// to the code frequencies of the training set.</summary>
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
}
