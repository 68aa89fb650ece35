using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using TorchSharp.PyBridge;
using VaeDsl.Runtime;
using VaeDsl.Testing;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace VaeDsl.PyTorchExport.Tests;

/// <summary>
/// Every model of the language tour and of the examples, as the generator builds it in TorchSharp and as the export
/// writes it for PyTorch: from the same seed the two initialise the same weights; loaded with the same weights and
/// seeded alike (so drawing the same noise, both from libtorch's CPU generator) they compute the same loss terms in
/// training and in evaluation mode, and the same importance-sampled log p(x), to 1e-5 relative in float32.
/// </summary>
public sealed class ParityTests : IClassFixture<ParityTests.Results>
{
    private const double Tolerance = 1e-5;

    private readonly Results results;
    private readonly ITestOutputHelper output;

    public ParityTests(Results results, ITestOutputHelper output)
    {
        this.results = results;
        this.output = output;
    }

    public static IEnumerable<object[]> Models => Cases.All.Select(c => new object[] { c.Name });

    [Theory]
    [MemberData(nameof(Models))]
    public void The_PyTorch_twin_has_the_same_state_dict_keys_and_shapes(string name)
    {
        var python = results.PyTorch(name);
        var keys = python.GetProperty("shapes").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(d => d.GetInt64()).ToArray());
        var own = results.CSharp[name].Shapes;
        Assert.Equal(own.Keys.OrderBy(k => k, StringComparer.Ordinal), keys.Keys.OrderBy(k => k, StringComparer.Ordinal));
        Assert.All(own, entry => Assert.Equal(entry.Value, keys[entry.Key]));
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void From_the_same_seed_both_initialise_the_same_weights(string name)
    {
        var difference = results.PyTorch(name).GetProperty("init_difference").GetDouble();
        output.WriteLine($"largest difference of an initial weight: {difference:E2}");
        Assert.True(difference <= 1e-6, $"{name}: the largest difference of an initial weight is {difference}");
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void With_the_same_weights_and_noise_both_compute_the_same_loss_terms(string name)
    {
        var python = results.PyTorch(name);
        var own = results.CSharp[name];
        var problems = new List<string>();
        foreach (var (mode, values) in new[] { ("train", own.Train), ("eval", own.Evaluation) })
        {
            var theirs = python.GetProperty(mode);
            foreach (var (term, value) in values)
            {
                var other = theirs.GetProperty(term).GetDouble();
                output.WriteLine($"{mode} {term}: TorchSharp {value:R}, PyTorch {other:R}, relative difference {Math.Abs(value - other) / Math.Max(Math.Abs(value), 1e-30):E2}");
                if (!Close(value, other)) problems.Add($"{mode} {term}: TorchSharp {value:R}, PyTorch {other:R}");
            }
            Assert.Equal(values.Keys.OrderBy(k => k, StringComparer.Ordinal), theirs.EnumerateObject().Select(p => p.Name).OrderBy(k => k, StringComparer.Ordinal));
        }
        Assert.True(problems.Count == 0, $"{name}: " + string.Join("; ", problems));
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void With_the_same_importance_samples_both_estimate_the_same_log_likelihood(string name)
    {
        var own = results.CSharp[name].LogLikelihood;
        var theirs = results.PyTorch(name).GetProperty("loglik");
        if (own is null)
        {
            Assert.Equal(JsonValueKind.Null, theirs.ValueKind);
            return;
        }
        var values = theirs.EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(own.Length, values.Length);
        output.WriteLine($"largest relative difference of log p(x): {own.Zip(values, (a, b) => Math.Abs(a - b) / Math.Abs(a)).Max():E2}");
        for (var i = 0; i < own.Length; i++)
        {
            Assert.True(Close(own[i], values[i]), $"{name}: example {i}: TorchSharp {own[i]:R}, PyTorch {values[i]:R}");
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void With_the_same_weights_and_noise_both_reconstruct_and_sample_alike(string name)
    {
        var own = results.CSharp[name];
        foreach (var (what, values) in new[] { ("reconstructions", own.Reconstructions), ("samples", own.Samples) })
        {
            var theirs = results.PyTorch(name).GetProperty(what).EnumerateArray().Select(v => v.GetDouble()).ToArray();
            Assert.Equal(values.Length, theirs.Length);
            var largest = values.Zip(theirs, (a, b) => Math.Abs(a - b)).Max();
            output.WriteLine($"{what}: largest difference {largest:E2}");
            Assert.True(largest <= 1e-5, $"{name}: {what} differ by up to {largest}");
        }
    }

    private static bool Close(double a, double b) => Math.Abs(a - b) <= Tolerance * Math.Max(Math.Abs(a), Math.Abs(b)) + 1e-6;

    /// <summary>One model: where its .vae file is, how to build it, and its inputs.</summary>
    internal sealed record Case(string Name, string Source, Func<VaeModule> Create, Func<long, (Tensor X, Tensor? Condition)> Inputs);

    internal static class Cases
    {
        private static (Tensor, Tensor?) Images(long batch) => (rand(batch, 1, 28, 28), null);

        public static readonly Case[] All = new Case[]
        {
            new("MnistConv", "Vae.dsl", () => new VaeDsl.Tour.MnistConv(), Images),
            new("Tabular", "Vae.dsl", () => new VaeDsl.Tour.Tabular(), b => (randn(b, 13), randint(0, 3, b))),
            new("Discrete", "Vae.dsl", () => new VaeDsl.Tour.Discrete(), b => (rand(b, 1, 28, 28), randn(b, 8))),
            new("Pixels", "Vae.dsl", () => new VaeDsl.Tour.Pixels(), b => (rand(b, 1, 8, 8), null)),
            new("Tokens", "Vae.dsl", () => new VaeDsl.Tour.Tokens(), b => (randint(0, 100, new long[] { b, 32 }).to_type(ScalarType.Float32), null)),
            new("Flows", "Vae.dsl", () => new VaeDsl.Tour.Flows(), Images),
            new("Sequences", "Vae.dsl", () => new VaeDsl.Tour.Sequences(), b => (randint(0, 20, new long[] { b, 16 }).to_type(ScalarType.Float32), null)),
            new("Words", "Vae.dsl", () => new VaeDsl.Tour.Words(), b => (randint(0, 28, new long[] { b, 12 }).to_type(ScalarType.Float32), null)),
            new("Ladder", "Vae.dsl", () => new VaeDsl.Tour.Ladder(), b => (randn(b, 64), null)),
            new("MnistMlp", "MnistMlp.vae", () => new MnistMlp(), Images),
            new("MnistConv", "MnistConv.vae", () => new MnistConv(), Images),
            new("BetaVae", "BetaVae.vae", () => new BetaVae(), Images),
            new("ConditionalVae", "ConditionalVae.vae", () => new ConditionalVae(), b => (rand(b, 1, 28, 28), randint(0, 10, b))),
            new("PlainVae", "Iwae.vae", () => new PlainVae(), Images),
            new("ImportanceWeightedVae", "Iwae.vae", () => new ImportanceWeightedVae(), Images),
            new("WineVae", "WineVae.vae", () => new WineVae(), b => (randn(b, 13), null)),
            new("OneLayer", "Hierarchical.vae", () => new OneLayer(), Images),
            new("TwoLayer", "Hierarchical.vae", () => new TwoLayer(), Images),
            new("Codes", "Vae.dsl", () => new VaeDsl.Tour.Codes(), Images),
            new("VqVae", "VqVae.vae", () => new VqVae(), Images),
            new("FlatCodes", "Codebooks.vae", () => new FlatCodes(), b => (randn(b, 12), null)),
            new("GridCodes", "Codebooks.vae", () => new GridCodes(), b => (rand(b, 1, 8, 8), null)),
            new("HierarchicalWords", "TeacherForcedHierarchies.vae", () => new HierarchicalWords(), b => (randint(0, 10, new long[] { b, 6 }).to_type(ScalarType.Float32), null)),
            new("LadderWords", "TeacherForcedHierarchies.vae", () => new LadderWords(), b => (randint(0, 10, new long[] { b, 6 }).to_type(ScalarType.Float32), null)),
            new("AmortizedFlows", "AmortizedFlows.vae", () => new AmortizedFlows(), b => (randn(b, 10), randint(0, 3, b))),
        }.Select(c => c with { Name = (c.Source == "Vae.dsl" ? "tour." : "") + c.Name }).ToArray();
    }

    /// <summary>What TorchSharp computed for one model.</summary>
    public sealed record CSharpResult(Dictionary<string, long[]> Shapes, Dictionary<string, double> Train, Dictionary<string, double> Evaluation, double[]? LogLikelihood)
    {
        /// <summary>Reconstructions of the batch and 4 prior samples in data space, flattened.</summary>
        public double[] Reconstructions { get; init; } = [];

        public double[] Samples { get; init; } = [];
    }

    /// <summary>Runs every model in TorchSharp, exports every file, and runs the same in one PyTorch process.</summary>
    public sealed class Results : IDisposable
    {
        private const long Batch = 16;
        private const int ImportanceSamples = 7;
        private readonly TemporaryFolder folder = new();
        private readonly JsonDocument python;

        public Results()
        {
            var packages = new Dictionary<string, (string Package, string Directory)>();
            foreach (var source in Python.SourceFiles)
            {
                var directory = Path.Combine(folder.Path, Path.GetFileNameWithoutExtension(source));
                packages[Path.GetFileName(source)] = (Python.Export(source, directory), directory);
            }

            var cases = new List<object>();
            foreach (var c in Cases.All)
            {
                CSharp[c.Name] = RunCSharp(c, folder.Path);
                var (package, directory) = packages[c.Source];
                cases.Add(new { name = c.Name, model = c.Name.Replace("tour.", ""), package, directory, weights = Weights(c), inputs = InputsFile(c) });
            }
            var script = Path.Combine(folder.Path, "parity.py");
            File.WriteAllText(script, Script);
            File.WriteAllText(Path.Combine(folder.Path, "cases.json"), JsonSerializer.Serialize(cases));
            var run = Python.Run(folder.Path, script, Path.Combine(folder.Path, "cases.json"));
            Assert.True(run.ExitCode == 0, run.ToString());
            python = JsonDocument.Parse(run.StandardOutput);
        }

        public Dictionary<string, CSharpResult> CSharp { get; } = new();

        public JsonElement PyTorch(string name) => python.RootElement.GetProperty(name);

        private string Weights(Case c) => Path.Combine(folder.Path, c.Name + ".safetensors");

        private string InputsFile(Case c) => Path.Combine(folder.Path, c.Name + ".inputs.safetensors");

        private CSharpResult RunCSharp(Case c, string directory)
        {
            Seeding.Set(3);
            using var model = c.Create();
            var shapes = model.state_dict().ToDictionary(e => e.Key, e => e.Value.shape);
            model.SaveWeights(Weights(c));
            Seeding.Set(11);
            var (x, condition) = c.Inputs(Batch);
            var inputs = new Dictionary<string, Tensor> { ["x"] = x };
            if (condition is not null) inputs["condition"] = condition;
            Safetensors.SaveStateDict(InputsFile(c), inputs);

            model.train();
            Seeding.Set(21);
            var train = Values(model.ComputeLoss(x, condition, new TrainingProgress(1, 10, 3, 10) { DatasetSize = Batch }));
            model.eval();
            Seeding.Set(22);
            Dictionary<string, double> evaluation;
            double[]? logLikelihood;
            double[] reconstructions, samples;
            using (no_grad())
            {
                evaluation = Values(model.ComputeLoss(x, condition, TrainingProgress.Evaluation));
                Seeding.Set(23);
                logLikelihood = model.EstimateLogLikelihood(x, condition, ImportanceSamples)?.to_type(ScalarType.Float64).data<double>().ToArray();
                reconstructions = Flat(model.Reconstruct(x, condition));
                Seeding.Set(24);
                samples = Flat(model.Sample(4, condition?.narrow(0, 0, 4)));
            }
            return new CSharpResult(shapes, train, evaluation, logLikelihood) { Reconstructions = reconstructions, Samples = samples };
        }

        private static double[] Flat(Tensor values) => values.flatten().to_type(ScalarType.Float64).data<double>().ToArray();

        private static Dictionary<string, double> Values(LossBreakdown loss)
        {
            var values = loss.Terms.ToDictionary(t => t.Key, t => (double)t.Value.item<float>());
            values["total"] = loss.Total.item<float>();
            return values;
        }

        public void Dispose()
        {
            python?.Dispose();
            folder.Dispose();
        }

        private const string Script = """
            import importlib
            import json
            import sys

            import torch

            torch.set_num_threads(1)
            cases = json.load(open(sys.argv[1]))
            results = {}
            for case in cases:
                sys.path.insert(0, case["directory"])
                package = importlib.import_module(case["package"])
                safetensors = importlib.import_module(case["package"] + ".safetensors")
                Progress = importlib.import_module(case["package"] + ".schedules").Progress
                torch.manual_seed(3)
                model = package.MODELS[case["model"]]()
                saved = safetensors.load_file(case["weights"])
                init_difference = max((saved[k].double() - v.double()).abs().max().item() if v.numel() else 0.0
                                      for k, v in model.state_dict().items())
                safetensors.load_weights(model, case["weights"])
                inputs = safetensors.load_file(case["inputs"])
                x, condition = inputs["x"], inputs.get("condition")

                def values(loss):
                    return {name: value.item() for name, value in loss.items()}

                model.train()
                torch.manual_seed(21)
                train = values(model.loss(x, condition, Progress(1, 10, 3, 10, 16)))
                model.eval()
                torch.manual_seed(22)
                with torch.no_grad():
                    evaluation = values(model.loss(x, condition))
                    torch.manual_seed(23)
                    loglik = model.log_likelihood(x, condition, 7).tolist() if hasattr(model, "log_likelihood") else None
                    reconstructions = model.reconstruct(x, condition).flatten().tolist()
                    torch.manual_seed(24)
                    samples = model.sample(4, None if condition is None else condition[:4]).flatten().tolist()
                results[case["name"]] = {
                    "shapes": {k: list(v.shape) for k, v in model.state_dict().items()},
                    "init_difference": init_difference,
                    "train": train, "eval": evaluation, "loglik": loglik,
                    "reconstructions": reconstructions, "samples": samples,
                }
                sys.path.pop(0)
            json.dump(results, sys.stdout)
            """;
    }
}
