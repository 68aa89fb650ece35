using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using VaeDsl.Runtime.Data;
using static TorchSharp.torch;

namespace VaeDsl.Bench.Throughput;

/// <summary>
/// Times the generated model, the hand-written TorchSharp model and PyTorch on the same data, batch size, thread count
/// and number of epochs, interleaving the implementations in a rotating order so slow phases of a shared machine are
/// spread over all of them, and reports the median images per second of each.
/// </summary>
internal sealed class SpeedBenchmark
{
    private const long Seed = 7;
    private readonly BenchmarkSettings settings;
    private readonly TensorDataSet train;

    public SpeedBenchmark(BenchmarkSettings settings, TensorDataSet train)
    {
        this.settings = settings;
        this.train = train;
    }

    public void Run()
    {
        var implementations = settings.PyTorch
            ? new[] { Implementation.Generated, Implementation.HandWritten, Implementation.PyTorch }
            : new[] { Implementation.Generated, Implementation.HandWritten };
        var summary = new List<string>();
        foreach (var threads in settings.Threads)
        {
            foreach (var kind in settings.Models)
            {
                WarmUp(kind, threads);
                var wall = implementations.ToDictionary(i => i, _ => new List<double>());
                var cpu = implementations.ToDictionary(i => i, _ => new List<double>());
                for (var repetition = 0; repetition < settings.Repetitions; repetition++)
                {
                    // Rotate the order: G H P, H P G, P G H, ...
                    var shift = repetition % implementations.Length;
                    foreach (var implementation in implementations.Skip(shift).Concat(implementations.Take(shift)))
                    {
                        var epochs = Train(implementation, kind, threads);
                        wall[implementation].Add(Statistics.ImagesPerSecond(epochs, train.Count));
                        cpu[implementation].Add(Statistics.ImagesPerCpuSecond(epochs, train.Count));
                        Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
                            "{0,-4} threads {1} run {2,2}  {3,-11} {4,8:F0} images/s  {5,8:F0} images/cpu-s   last loss {6:F2}",
                            kind, threads, repetition + 1, implementation, wall[implementation][^1], cpu[implementation][^1], epochs[^1].Loss));
                    }
                }

                var generated = Statistics.Median(wall[Implementation.Generated]);
                var hand = Statistics.Median(wall[Implementation.HandWritten]);
                // Each repetition's generated/hand-written ratio compares two runs made close together in time.
                var pairedWall = Statistics.Median(wall[Implementation.Generated].Zip(wall[Implementation.HandWritten], (g, h) => g / h));
                var pairedCpu = Statistics.Median(cpu[Implementation.Generated].Zip(cpu[Implementation.HandWritten], (g, h) => g / h));
                var line = string.Format(CultureInfo.InvariantCulture,
                    "| {0} | {1} | {2:F0} | {3:F0} | {4:F3} | {5:F3} | {6:F3} |", kind, threads, generated, hand, generated / hand, pairedWall, pairedCpu);
                if (settings.PyTorch)
                {
                    var torch = Statistics.Median(wall[Implementation.PyTorch]);
                    line += string.Format(CultureInfo.InvariantCulture, " {0:F0} | {1:F2} |", torch, generated / torch);
                }

                summary.Add(line);
            }
        }

        Console.WriteLine();
        Console.WriteLine($"Median over {settings.Repetitions} interleaved runs of {settings.Epochs} epoch(s) on {train.Count} images, batch 128" +
            (settings.Epochs > 1 ? " (first epoch of each run not timed)" : string.Empty) + ":");
        var header = "| model | threads | generated images/s | hand-written images/s | G/H (medians) | G/H (paired, wall) | G/H (paired, cpu) |";
        var rule = "| --- | ---: | ---: | ---: | ---: | ---: | ---: |";
        Console.WriteLine(settings.PyTorch ? header + " PyTorch images/s | G/PyTorch |" : header);
        Console.WriteLine(settings.PyTorch ? rule + " ---: | ---: |" : rule);
        summary.ForEach(Console.WriteLine);
    }

    private List<EpochTiming> Train(Implementation implementation, ModelKind kind, int threads, TensorDataSet? data = null, int? epochs = null)
    {
        data ??= train;
        var count = epochs ?? settings.Epochs;
        switch (implementation)
        {
            case Implementation.Generated:
                using (var model = GeneratedTraining.Create(kind, Seed))
                {
                    return GeneratedTraining.Run(model, data, count, threads);
                }

            case Implementation.HandWritten:
                set_num_threads(threads);
                manual_seed(Seed);
                using (var model = kind == ModelKind.Mlp
                    ? (nn.Module<Tensor, (Tensor, Tensor, Tensor)>)new HandWrittenMlp()
                    : new HandWrittenConv())
                {
                    manual_seed(Seed);
                    return HandWrittenTraining.Run(model, data.Inputs, count, batchSize: 128, learningRate: 1e-3);
                }

            default:
                return PyTorchRun.Run(settings.Python, settings.PyTorchDirectory, kind, count, threads, Seed);
        }
    }

    // JIT compilation and libtorch's first allocations happen once per process: pay them before timing.
    private void WarmUp(ModelKind kind, int threads)
    {
        var few = train.Take(512);
        Train(Implementation.Generated, kind, threads, few, 1);
        Train(Implementation.HandWritten, kind, threads, few, 1);
    }
}
