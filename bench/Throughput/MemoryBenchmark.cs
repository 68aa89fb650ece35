using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using VaeDsl.Runtime.Data;
using TorchSharp;
using VaeDsl.Runtime.Training;

namespace VaeDsl.Bench.Throughput;

/// <summary>
/// Trains the generated MnistConv for many epochs and records the resident memory after each, to show that
/// a long run does not grow: every per-step tensor must be freed by its dispose scope, and the trainer's memory guard
/// must give back what the allocator keeps. Reports both the trainer's reading at the end of each epoch (before the
/// guard releases anything: the memory the run held) and the reading after it.
/// </summary>
internal static class MemoryBenchmark
{
    public static int Run(BenchmarkSettings settings, TensorDataSet train, TensorDataSet test)
    {
        using var model = GeneratedTraining.Create(ModelKind.Conv, seed: 7);
        var options = GeneratedTraining.Options(model, settings.Epochs, settings.Threads[0]) with { MemoryRelease = settings.Release };
        var resident = new List<long>();
        var after = new List<long>();
        Console.WriteLine($"MnistConv (generated), {train.Count} training and {test.Count} test images, {settings.Epochs} epochs, {settings.Threads[0]} thread(s), memory release {settings.Release}");
        new Trainer(model, options).Fit(train, test, epoch =>
        {
            // No forced garbage collection: a tensor left outside a dispose scope is freed only by a finalizer, and
            // the collector rarely runs in a loop of small managed objects, so such a leak shows up here as it would in a run.
            var atEnd = (epoch.ResidentBytes ?? throw new InvalidOperationException("the trainer did not measure resident memory")) / 1024;
            var kib = ResidentMemory.KiB();
            resident.Add(atEnd);
            after.Add(kib);
            var statistics = DisposeScopeManager.Statistics;
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "epoch {0,3}  train {1,8:F2}  test {2,8:F2}  {3,6:F1} s  resident {4,9:N0} KiB (after the guard {5,9:N0} KiB)  .NET heap {6,7:N0} KiB  live tensors {7}",
                epoch.Epoch, epoch.TrainLoss, epoch.TestLoss, epoch.Seconds, atEnd, kib, GC.GetGCMemoryInfo().TotalCommittedBytes / 1024,
                statistics.ThreadTotalLiveCount));
        });

        if (resident.Count >= 3)
        {
            foreach (var (name, series) in new[] { ("at the end of the epoch", resident), ("after the trainer's release", after) })
            {
                var second = series[1];
                var last = series[^1];
                // Growth shows as a higher peak in the later half of the run than in the earlier half (from epoch 2 on).
                var half = 1 + (series.Count - 1) / 2;
                var earlier = series.Skip(1).Take(half - 1).Max();
                var later = series.Skip(half).Max();
                Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
                    "resident memory {0}: epoch 2 {1:N0} KiB, epoch {2} {3:N0} KiB (ratio {4:F3}); highest of epochs 2-{5} {6:N0} KiB, of epochs {7}-{2} {8:N0} KiB (ratio {9:F3})",
                    name, second, series.Count, last, (double)last / second, half, earlier, half + 1, later, (double)later / earlier));
            }
        }

        return 0;
    }
}
