using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using TorchSharp.PyBridge;
using VaeDsl.Runtime;
using VaeDsl.Runtime.Data;
using VaeDsl.Runtime.Training;
using VaeDsl.Testing;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace VaeDsl.PyTorchExport.Tests;

/// <summary>
/// The quantised models (VQ-VAE) trained for two epochs by the C# Trainer and by the exported package's training loop
/// from the same seed and data: the same losses, codebook usage, perplexity and restarted codes in every epoch (the
/// restarts and moving averages run inside those epochs), the same usage and perplexity on the test set after each, the same weights and moving averages at the end, the same
/// prior over codes fitted on the training set, and from one seed the same samples from it.
/// </summary>
public sealed class QuantizedTrainingTests : IClassFixture<QuantizedTrainingTests.Runs>
{
    /// <summary>Relative, for the epochs' losses (measured here: 4.4e-7 at most).</summary>
    private const double LossTolerance = 1e-6;

    /// <summary>For the final weights, of max(1, the largest value of the tensor), and absolute for the samples'
    /// probabilities (measured here: 5.6e-7 and 1.2e-7 at most).</summary>
    private const double WeightTolerance = 1e-6;

    private readonly Runs runs;
    private readonly ITestOutputHelper output;

    public QuantizedTrainingTests(Runs runs, ITestOutputHelper output)
    {
        this.runs = runs;
        this.output = output;
    }

    public static IEnumerable<object[]> Models => Cases.Select(c => new object[] { c.Name });

    /// <summary>A quantised model, its data and the batch size that gives it restart checks inside two epochs.</summary>
    internal sealed record Case(string Name, string Source, Func<(VaeModule Model, TrainingOptions Settings)> Create, Func<(Tensor Train, Tensor Test)> Data, int Batch);

    private static (Tensor, Tensor) Digits(long train, long test)
    {
        var folder = RepositoryRoot.File("data", "mnist");
        return (Mnist.Load(folder, "train").Images.narrow(0, 0, train), Mnist.Load(folder, "test").Images.narrow(0, 0, test));
    }

    private static (Tensor, Tensor) Drawn(Func<long, Tensor> draw)
    {
        Seeding.Set(13);
        return (draw(96), draw(32));
    }

    internal static readonly Case[] Cases =
    {
        // Restart checks after each epoch: the second epoch's first batch restarts the codes the first left unused.
        new("tour.Codes", "Vae.dsl", () => Built(new VaeDsl.Tour.Codes(), m => m.Options.Train), () => Digits(256, 64), 32),
        // Checks every 20 steps: 320 digits in batches of 16 give one check at the start of the second epoch.
        new("VqVae", "VqVae.vae", () => Built(new VqVae(), m => m.Options.Train), () => Digits(320, 64), 16),
        // Checks every 3 steps, 12 steps an epoch.
        new("FlatCodes", "Codebooks.vae", () => Built(new FlatCodes(), m => m.Options.Train), () => Drawn(n => randn(n, 12)), 8),
        new("GridCodes", "Codebooks.vae", () => Built(new GridCodes(), m => m.Options.Train), () => Drawn(n => rand(n, 1, 8, 8)), 8),
    };

    private static (VaeModule, TrainingOptions) Built<TModel>(TModel model, Func<TModel, TrainingOptions> settings) where TModel : VaeModule => (model, settings(model));

    [Theory]
    [MemberData(nameof(Models))]
    public void Every_epoch_has_the_same_losses_and_codebook_figures_on_both_sides(string name)
    {
        var (own, theirs) = (runs.CSharp[name].Epochs, runs.PyTorch(name).Rows);
        Assert.Equal(own.Count, theirs.Count);
        for (var i = 0; i < own.Count; i++)
        {
            var row = theirs[i];
            var expected = new Dictionary<string, double> { ["train_loss"] = own[i].TrainLoss, ["test_loss"] = own[i].TestLoss!.Value };
            foreach (var (term, value) in own[i].TrainTerms) expected["train_" + term] = value;
            foreach (var (figure, value) in own[i].Statistics) expected[figure] = value;
            foreach (var (figure, value) in own[i].TestStatistics) expected["test_" + figure] = value;
            Assert.Equal(expected.Keys.Concat(new[] { "epoch", "seconds", "images_per_second" }).Order(StringComparer.Ordinal),
                row.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
            foreach (var (key, value) in expected)
            {
                var other = row.GetProperty(key).GetDouble();
                var relative = Math.Abs(value - other) / Math.Max(Math.Abs(value), 1e-30);
                output.WriteLine($"epoch {i + 1} {key}: TorchSharp {value:R}, PyTorch {other:R}, relative difference {relative:E2}");
                // The codebook's figures come from the same counts of the same assignments: equal but for rounding.
                var figure = own[i].Statistics.ContainsKey(key) || (key.StartsWith("test_", StringComparison.Ordinal) && own[i].TestStatistics.ContainsKey(key.Substring(5)));
                var tolerance = figure ? 1e-12 : LossTolerance;
                Assert.True(relative <= tolerance, $"{name}, epoch {i + 1}, {key}: TorchSharp {value:R}, PyTorch {other:R}");
            }
        }
        Assert.Contains("usage", own[0].Statistics.Keys);
        Assert.Equal(new[] { "perplexity", "usage" }, own[0].TestStatistics.Keys.Order(StringComparer.Ordinal));
        // The case restarts codes within its two epochs (so the restarts are compared too), when it restarts at all.
        if (own[0].Statistics.ContainsKey("restarted")) Assert.True(own.Sum(e => e.Statistics["restarted"]) > 0, $"{name}: no code was restarted");
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Both_end_with_the_same_weights_moving_averages_and_fitted_prior(string name)
    {
        var own = runs.CSharp[name].Weights;
        var theirs = runs.PyTorch(name).Weights;
        Assert.Equal(own.Keys.Order(StringComparer.Ordinal), theirs.Keys.Order(StringComparer.Ordinal));
        var largest = 0.0;
        foreach (var (key, tensor) in own)
        {
            // Relative to the tensor's scale where it exceeds 1: the moving sums of the encoder outputs reach hundreds.
            var difference = (tensor.to_type(ScalarType.Float64) - theirs[key].to_type(ScalarType.Float64)).abs().max().item<double>()
                / Math.Max(1.0, tensor.abs().max().item<float>());
            output.WriteLine($"{key}: largest difference {difference:E2} (of max(1, largest value))");
            largest = Math.Max(largest, difference);
        }
        Assert.True(largest <= WeightTolerance, $"{name}: a weight differs by {largest}");
        // The prior was fitted: its probabilities are no longer the uniform 1/K of a fresh model.
        var prior = own.Single(e => e.Key.EndsWith("_prior.probabilities", StringComparison.Ordinal)).Value;
        Assert.True((prior - 1.0 / prior.shape[1]).abs().max().item<float>() > 0.01, $"{name}: the prior is still uniform");
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void From_one_seed_both_sample_the_same_from_the_fitted_prior(string name)
    {
        var own = runs.CSharp[name].Samples;
        var theirs = runs.PyTorch(name).Samples;
        Assert.Equal(own.Length, theirs.Length);
        var largest = own.Zip(theirs, (a, b) => Math.Abs(a - b)).Max();
        output.WriteLine($"samples: largest difference {largest:E2}");
        Assert.True(largest <= WeightTolerance, $"{name}: samples differ by up to {largest}");
    }

    [Fact]
    public void Two_processes_of_one_job_keep_one_codebook_through_moving_averages_and_restarts()
    {
        // Each process quantises its own share of every batch; they sum their counts and moving-average statistics and
        // take restarted codes from the first process, so their codebooks, which DistributedDataParallel does not
        // synchronise (a buffer under moving averages, a parameter restarted in place), stay one.
        using var folder = new TemporaryFolder();
        var sources = new[] { "Vae.dsl", "Codebooks.vae" };
        var packages = sources.ToDictionary(s => s, s =>
        {
            var directory = Path.Combine(folder.Path, Path.GetFileNameWithoutExtension(s));
            return (Package: Python.Export(Python.SourceFiles.Single(f => Path.GetFileName(f) == s), directory), Directory: directory);
        });
        var jobs = new[] { ("Codes", "Vae.dsl"), ("FlatCodes", "Codebooks.vae") }.Select(job => new
        {
            model = job.Item1, package = packages[job.Item2].Package, directory = packages[job.Item2].Directory,
            out_dir = Path.Combine(folder.Path, job.Item1),
        }).ToList();
        var cases = Path.Combine(folder.Path, "jobs.json");
        File.WriteAllText(cases, JsonSerializer.Serialize(jobs));
        var script = Path.Combine(folder.Path, "two_processes.py");
        File.WriteAllText(script, TwoProcesses);

        var run = Python.Run(folder.Path, script, cases);

        Assert.True(run.ExitCode == 0, run.ToString());
        foreach (var job in jobs)
        {
            var ranks = Enumerable.Range(0, 2).Select(r => Safetensors.LoadStateDict(Path.Combine(job.out_dir, $"rank{r}.safetensors"))).ToArray();
            Assert.Equal(ranks[0].Keys.Order(StringComparer.Ordinal), ranks[1].Keys.Order(StringComparer.Ordinal));
            foreach (var (key, tensor) in ranks[0])
            {
                Assert.True(tensor.allclose(ranks[1][key], rtol: 0, atol: 0), $"{job.model}: {key} differs between the processes");
            }
            var rows = File.ReadAllLines(Path.Combine(job.out_dir, "metrics.jsonl")).Select(line => JsonDocument.Parse(line).RootElement).ToList();
            Assert.Equal(2, rows.Count);
            Assert.True(rows.Sum(r => r.GetProperty("restarted").GetDouble()) > 0, $"{job.model}: no code was restarted\n{run}");
            Assert.Contains("usage", run.Output);
            Assert.All(rows, r => Assert.InRange(r.GetProperty("test_usage").GetDouble(), 1e-9, 1.0));
            Assert.Contains("test perplexity", run.Output);
        }
    }

    private const string TwoProcesses = """
        import importlib
        import json
        import os
        import socket
        import sys

        import torch
        import torch.multiprocessing as mp


        def train(rank, jobs, port):
            os.environ.update(MASTER_ADDR="127.0.0.1", MASTER_PORT=str(port), WORLD_SIZE="2", RANK=str(rank), LOCAL_RANK=str(rank))
            torch.set_num_threads(1)
            for job in jobs:
                sys.path.insert(0, job["directory"])
                package = importlib.import_module(job["package"])
                training = importlib.import_module(job["package"] + ".training")
                safetensors = importlib.import_module(job["package"] + ".safetensors")
                model_type = package.MODELS[job["model"]]
                torch.manual_seed(0)
                shape = model_type.input_shape
                train_x, test_x = torch.rand(64, *shape), torch.rand(16, *shape)
                settings = dict(model_type.settings, epochs=2, batch=8)
                world = training.Distributed()
                torch.manual_seed(settings["seed"])
                model = model_type()
                training.fit(model, settings, train_x, None, test_x, None, job["out_dir"], world)
                safetensors.save_file(model.state_dict(), os.path.join(job["out_dir"], f"rank{rank}.safetensors"))
                world.close()
                sys.path.pop(0)


        if __name__ == "__main__":
            with socket.socket() as probe:
                probe.bind(("127.0.0.1", 0))
                free_port = probe.getsockname()[1]
            mp.spawn(train, args=(json.load(open(sys.argv[1])), free_port), nprocs=2)
        """;

    /// <summary>What one side ended with: the epochs' metrics, the final state_dict and four samples.</summary>
    public sealed record CSharpRun(IReadOnlyList<EpochMetrics> Epochs, Dictionary<string, Tensor> Weights, double[] Samples);

    public sealed record PyTorchRun(IReadOnlyList<JsonElement> Rows, Dictionary<string, Tensor> Weights, double[] Samples);

    /// <summary>Trains every case in TorchSharp, then the same in one PyTorch process.</summary>
    public sealed class Runs : IDisposable
    {
        private const int Epochs = 2;
        private const int SampleSeed = 24;
        private readonly TemporaryFolder folder = new();
        private readonly Dictionary<string, PyTorchRun> python = new();

        public Runs()
        {
            var packages = new Dictionary<string, (string Package, string Directory)>();
            foreach (var source in Cases.Select(c => c.Source).Distinct())
            {
                var path = Python.SourceFiles.Single(f => Path.GetFileName(f) == source);
                var directory = Path.Combine(folder.Path, Path.GetFileNameWithoutExtension(source));
                packages[source] = (Python.Export(path, directory), directory);
            }

            var cases = new List<object>();
            foreach (var c in Cases)
            {
                var (train, test) = c.Data();
                var data = Path.Combine(folder.Path, c.Name + ".data.safetensors");
                Safetensors.SaveStateDict(data, new Dictionary<string, Tensor> { ["train"] = train, ["test"] = test });
                CSharp[c.Name] = Train(c, train, test);
                var (package, directory) = packages[c.Source];
                cases.Add(new { name = c.Name, model = c.Name.Replace("tour.", ""), package, directory, data, batch = c.Batch, epochs = Epochs, out_dir = Path.Combine(folder.Path, c.Name) });
            }
            var script = Path.Combine(folder.Path, "train_quantized.py");
            File.WriteAllText(script, Script);
            File.WriteAllText(Path.Combine(folder.Path, "cases.json"), JsonSerializer.Serialize(cases));
            var run = Python.Run(folder.Path, script, Path.Combine(folder.Path, "cases.json"));
            Assert.True(run.ExitCode == 0, run.ToString());
            using var samples = JsonDocument.Parse(run.StandardOutput);
            foreach (var c in Cases)
            {
                var directory = Path.Combine(folder.Path, c.Name);
                var rows = File.ReadAllLines(Path.Combine(directory, "metrics.jsonl")).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
                var weights = Safetensors.LoadStateDict(Path.Combine(directory, "model.safetensors"));
                var drawn = samples.RootElement.GetProperty(c.Name).EnumerateArray().Select(v => v.GetDouble()).ToArray();
                python[c.Name] = new PyTorchRun(rows, weights, drawn);
            }
        }

        public Dictionary<string, CSharpRun> CSharp { get; } = new();

        public PyTorchRun PyTorch(string name) => python[name];

        private static CSharpRun Train(Case c, Tensor train, Tensor test)
        {
            // Seeded with the model's own seed before it is built, as train.py and VaeDsl's examples do.
            var (probe, own) = c.Create();
            probe.Dispose();
            Seeding.Set(own.Seed);
            var (built, _) = c.Create();
            using var model = built;
            var settings = own with { Epochs = Epochs, BatchSize = c.Batch, Threads = 1 };
            var epochs = new Trainer(model, settings).Fit(new TensorDataSet(train), new TensorDataSet(test)).ToList();
            var weights = model.state_dict().ToDictionary(e => e.Key, e => e.Value.detach().clone());
            model.eval();
            Seeding.Set(SampleSeed);
            double[] samples;
            using (no_grad())
            {
                samples = model.Sample(4).flatten().to_type(ScalarType.Float64).data<double>().ToArray();
            }
            return new CSharpRun(epochs, weights, samples);
        }

        public void Dispose() => folder.Dispose();

        private const string Script = """
            import importlib
            import json
            import os
            import sys

            import torch

            torch.set_num_threads(1)
            cases = json.load(open(sys.argv[1]))
            samples = {}
            for case in cases:
                sys.path.insert(0, case["directory"])
                package = importlib.import_module(case["package"])
                safetensors = importlib.import_module(case["package"] + ".safetensors")
                training = importlib.import_module(case["package"] + ".training")
                model_type = package.MODELS[case["model"]]
                settings = dict(model_type.settings, epochs=case["epochs"], batch=case["batch"])
                data = safetensors.load_file(case["data"])
                torch.manual_seed(settings["seed"])
                model = model_type()
                training.fit(model, settings, data["train"], None, data["test"], None, case["out_dir"], training.Distributed(), log=lambda line: None)
                safetensors.save_file(model.state_dict(), os.path.join(case["out_dir"], "model.safetensors"))
                model.eval()
                torch.manual_seed(24)
                with torch.no_grad():
                    samples[case["name"]] = model.sample(4).flatten().tolist()
                sys.path.pop(0)
            json.dump(samples, sys.stdout)
            """;
    }
}
