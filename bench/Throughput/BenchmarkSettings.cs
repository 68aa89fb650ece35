using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using VaeDsl.Runtime.Training;

namespace VaeDsl.Bench.Throughput;

/// <summary>
/// The command line: <c>speed [--threads 1,2] [--models mlp,conv] [--repetitions N] [--train-limit N] [--no-pytorch]
/// [--python PATH] [--data DIR]</c> (N timed rounds of one epoch per implementation) or <c>memory [--epochs N]
/// [--threads T] [--train-limit N] [--release when-grown|every-epoch|never] [--data DIR]</c> or <c>loglik [--epochs N]
/// [--samples K] [--batch N] [--only generated|hand-written] [--threads T] [--data DIR]</c>. The speed run starts this program once more in the mode
/// <c>serve --models mlp|conv --threads T --data DIR</c> for the hand-written model (see <see cref="HandWrittenServer"/>).
/// </summary>
internal sealed record BenchmarkSettings(
    string Mode, IReadOnlyList<int> Threads, IReadOnlyList<ModelKind> Models, int Epochs, int Repetitions, long? TrainLimit,
    bool PyTorch, string Python, string DataDirectory, string PyTorchDirectory, MemoryRelease Release = MemoryRelease.WhenGrown)
{
    /// <summary>Importance samples per test image in the loglik run (Burda et al.'s 5,000).</summary>
    public int Samples { get; init; } = 5000;

    /// <summary>Test images decoded at once in the loglik run.</summary>
    public int Batch { get; init; } = 1000;

    /// <summary>The loglik run's implementations: "both" (one after the other), "generated" or "hand-written"
    /// (one each, so two processes can measure them side by side).</summary>
    public string Only { get; init; } = "both";

    public const string Usage =
        "usage: Throughput speed [--threads 1,2] [--models mlp,conv] [--repetitions ROUNDS] [--train-limit N] [--no-pytorch] [--python PATH] [--data DIR]\n" +
        "       Throughput memory [--epochs N] [--threads T] [--train-limit N] [--release when-grown|every-epoch|never] [--data DIR]\n" +
        "       Throughput loglik [--epochs N] [--samples K] [--batch N] [--only generated|hand-written] [--threads T] [--data DIR]";

    /// <summary>Parses the arguments, or returns null after printing what is wrong.</summary>
    public static BenchmarkSettings? Parse(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("speed" or "memory" or "serve" or "loglik"))
        {
            Console.Error.WriteLine(Usage);
            return null;
        }

        var mode = args[0];
        var settings = new BenchmarkSettings(
            mode, new[] { 1 }, new[] { ModelKind.Mlp, ModelKind.Conv }, mode switch { "memory" => 20, "loglik" => 2, _ => 0 }, 5, null, true,
            "/usr/bin/python3", Path.Combine(AppContext.BaseDirectory, "data", "mnist"), FindPyTorchDirectory());
        for (var i = 1; i < args.Length; i++)
        {
            var name = args[i];
            if (name == "--no-pytorch")
            {
                settings = settings with { PyTorch = false };
                continue;
            }

            if (i + 1 >= args.Length)
            {
                return Fail($"option '{name}' needs a value");
            }

            var value = args[++i];
            switch (name)
            {
                case "--threads" when Positives(value) is { } threads:
                    settings = settings with { Threads = threads.Select(t => (int)t).ToArray() };
                    break;
                case "--models":
                    var models = value.Split(',').Select(m => m.Trim().ToLowerInvariant()).ToArray();
                    if (models.Any(m => m is not ("mlp" or "conv")))
                    {
                        return Fail($"--models takes mlp and/or conv, not '{value}'");
                    }

                    settings = settings with { Models = models.Select(m => m == "mlp" ? ModelKind.Mlp : ModelKind.Conv).Distinct().ToArray() };
                    break;
                case "--epochs" when mode is not ("memory" or "loglik"):
                    return Fail("--epochs is for the memory and loglik runs; the speed run trains --repetitions timed rounds of one epoch each");
                case "--samples" when mode == "loglik" && Positives(value) is [var samples]:
                    settings = settings with { Samples = (int)samples };
                    break;
                case "--batch" when mode == "loglik" && Positives(value) is [var batch]:
                    settings = settings with { Batch = (int)batch };
                    break;
                case "--only" when mode == "loglik" && value is "generated" or "hand-written" or "both":
                    settings = settings with { Only = value };
                    break;
                case "--samples" or "--batch" or "--only":
                    return Fail($"option '{name}' is for the loglik run and needs a positive whole number, not '{value}'");
                case "--repetitions" when mode != "speed":
                    return Fail("--repetitions is for the speed run; the memory run trains --epochs epochs once");
                case "--epochs" when Positives(value) is [var epochs]:
                    settings = settings with { Epochs = (int)epochs };
                    break;
                case "--repetitions" when Positives(value) is [var repetitions]:
                    settings = settings with { Repetitions = (int)repetitions };
                    break;
                case "--train-limit" when Positives(value) is [var limit]:
                    settings = settings with { TrainLimit = limit };
                    break;
                case "--release" when mode != "memory":
                    return Fail("--release is for the memory run");
                case "--release":
                    MemoryRelease? release = value switch
                    {
                        "when-grown" => MemoryRelease.WhenGrown,
                        "every-epoch" => MemoryRelease.EveryEpoch,
                        "never" => MemoryRelease.Never,
                        _ => null,
                    };
                    if (release is null)
                    {
                        return Fail($"--release takes when-grown, every-epoch or never, not '{value}'");
                    }

                    settings = settings with { Release = release.Value };
                    break;
                case "--python":
                    settings = settings with { Python = value };
                    break;
                case "--data":
                    settings = settings with { DataDirectory = Path.GetFullPath(value) };
                    break;
                case "--threads" or "--epochs" or "--repetitions" or "--train-limit":
                    return Fail($"option '{name}' needs positive whole numbers, not '{value}'");
                default:
                    return Fail($"unknown option '{name}'");
            }
        }

        return settings;
    }

    private static BenchmarkSettings? Fail(string message)
    {
        Console.Error.WriteLine($"error: {message}. {Usage}");
        return null;
    }

    private static long[]? Positives(string text)
    {
        var parts = text.Split(',');
        var values = new long[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!long.TryParse(parts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out values[i]) || values[i] <= 0 || values[i] > int.MaxValue)
            {
                return null;
            }
        }

        return values;
    }

    // The PyTorch scripts live in the repository, found by walking up from the program's folder.
    private static string FindPyTorchDirectory()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "bench", "pytorch");
            if (File.Exists(Path.Combine(candidate, "mnist_conv.py")))
            {
                return candidate;
            }
        }

        return Path.Combine(Environment.CurrentDirectory, "bench", "pytorch");
    }
}
