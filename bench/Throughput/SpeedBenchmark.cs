using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using VaeDsl.Runtime.Data;

namespace VaeDsl.Bench.Throughput;

/// <summary>
/// Times the generated model (trained by the Runtime's trainer in this process), the hand-written TorchSharp model and
/// PyTorch (each in a process of its own, <see cref="EpochServer"/>) on the same data, batch size and thread count, one
/// epoch of each per round: the trainer's end-of-epoch callback asks the two servers for one epoch each, so the three
/// epochs of a round run back to back and a slow phase of a shared machine hits all of them. Round 0 is not timed
/// (first allocations, JIT compilation).
/// </summary>
internal sealed class SpeedBenchmark
{
    public const long Seed = 7;
    private readonly BenchmarkSettings settings;
    private readonly TensorDataSet train;

    public SpeedBenchmark(BenchmarkSettings settings, TensorDataSet train)
    {
        this.settings = settings;
        this.train = train;
    }

    public void Run()
    {
        var summary = new List<string>();
        var spread = new List<string>();
        foreach (var threads in settings.Threads)
        {
            foreach (var kind in settings.Models)
            {
                var epochs = Rounds(kind, threads);
                summary.Add(SummaryLine(kind, threads, epochs));
                var ratios = PairedWallRatios(epochs);
                var (low, high) = Statistics.MedianInterval(ratios);
                spread.Add(string.Format(CultureInfo.InvariantCulture,
                    "{0}, {1} thread(s): G/H per round from {2:F3} to {3:F3}; median {4:F3}, about 95 % interval for the median {5:F3} to {6:F3}; geometric mean {7:F3}",
                    kind, threads, ratios.Min(), ratios.Max(), Statistics.Median(ratios), low, high, Statistics.GeometricMean(ratios)));
            }
        }

        Console.WriteLine();
        Console.WriteLine($"{settings.Repetitions} timed rounds of one epoch each on {train.Count} images, batch 128; medians, and medians of the ratios within a round (paired):");
        var header = "| model | threads | generated images/s | hand-written images/s | G/H (medians) | G/H (paired, wall) | G/H (paired, cpu) |";
        var rule = "| --- | ---: | ---: | ---: | ---: | ---: | ---: |";
        Console.WriteLine(settings.PyTorch ? header + " PyTorch images/s | G/PyTorch (paired) |" : header);
        Console.WriteLine(settings.PyTorch ? rule + " ---: | ---: |" : rule);
        summary.ForEach(Console.WriteLine);
        Console.WriteLine();
        spread.ForEach(Console.WriteLine);
    }

    private Dictionary<Implementation, List<EpochTiming>> Rounds(ModelKind kind, int threads)
    {
        var timed = new Dictionary<Implementation, List<EpochTiming>>
        {
            [Implementation.Generated] = new(),
            [Implementation.HandWritten] = new(),
            [Implementation.PyTorch] = new(),
        };
        using var hand = EpochServer.HandWritten(settings, kind, threads);
        using var pytorch = settings.PyTorch ? EpochServer.PyTorch(settings, kind, threads, Seed) : null;
        using var generated = GeneratedTraining.Create(kind, Seed);
        var round = 0;
        GeneratedTraining.Run(generated, train, settings.Repetitions + 1, threads, generatedEpoch =>
        {
            var epochs = new Dictionary<Implementation, EpochTiming> { [Implementation.Generated] = generatedEpoch };
            // The generated epoch always comes first (the trainer calls back after it); the other two take turns.
            var others = round % 2 == 0
                ? new[] { Implementation.HandWritten, Implementation.PyTorch }
                : new[] { Implementation.PyTorch, Implementation.HandWritten };
            foreach (var other in others)
            {
                if (other == Implementation.HandWritten)
                {
                    epochs[other] = hand.Epoch();
                }
                else if (pytorch is not null)
                {
                    epochs[other] = pytorch.Epoch();
                }
            }

            Console.WriteLine($"{kind,-4} threads {threads} round {round,2}{(round == 0 ? " (not timed)" : string.Empty)}: " +
                string.Join("   ", epochs.Select(e => string.Format(CultureInfo.InvariantCulture,
                    "{0} {1:F0} images/s, loss {2:F2}{3}", e.Key, train.Count / e.Value.Seconds, e.Value.Loss,
                    e.Value.ResidentKiB is long kib ? $", {kib / 1024} MiB" : string.Empty))));
            if (round > 0)
            {
                foreach (var (implementation, epoch) in epochs)
                {
                    timed[implementation].Add(epoch);
                }
            }

            round++;
        });

        return timed;
    }

    private string SummaryLine(ModelKind kind, int threads, Dictionary<Implementation, List<EpochTiming>> epochs)
    {
        var generated = epochs[Implementation.Generated];
        var hand = epochs[Implementation.HandWritten];
        double Rate(EpochTiming e) => train.Count / e.Seconds;
        var generatedRate = Statistics.Median(generated.Select(Rate));
        var handRate = Statistics.Median(hand.Select(Rate));
        var line = string.Format(CultureInfo.InvariantCulture,
            "| {0} | {1} | {2:F0} | {3:F0} | {4:F3} | {5:F3} | {6:F3} |",
            kind, threads, generatedRate, handRate, generatedRate / handRate,
            Statistics.Median(PairedWallRatios(epochs)),
            Statistics.Median(generated.Zip(hand, (g, h) => h.CpuSeconds / g.CpuSeconds)));
        if (settings.PyTorch)
        {
            var pytorch = epochs[Implementation.PyTorch];
            line += string.Format(CultureInfo.InvariantCulture, " {0:F0} | {1:F3} |",
                Statistics.Median(pytorch.Select(Rate)),
                Statistics.Median(generated.Zip(pytorch, (g, p) => p.Seconds / g.Seconds)));
        }

        return line;
    }

    /// <summary>Generated speed over hand-written speed in each round (same images, so the inverse ratio of the epochs' seconds).</summary>
    private static List<double> PairedWallRatios(Dictionary<Implementation, List<EpochTiming>> epochs) =>
        epochs[Implementation.Generated].Zip(epochs[Implementation.HandWritten], (g, h) => h.Seconds / g.Seconds).ToList();
}
