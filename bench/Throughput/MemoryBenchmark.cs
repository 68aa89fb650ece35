using System;
using System.Collections.Generic;
using System.Globalization;
using VaeDsl.Runtime.Data;
using TorchSharp;
using VaeDsl.Runtime.Training;

namespace VaeDsl.Bench.Throughput;

/// <summary>
/// Trains the generated MnistConv for many epochs and records the resident memory after each, to show that
/// a long run does not grow: every per-step tensor must be freed by its dispose scope.
/// </summary>
internal static class MemoryBenchmark
{
    public static int Run(BenchmarkSettings settings, TensorDataSet train, TensorDataSet test)
    {
        using var model = GeneratedTraining.Create(ModelKind.Conv, seed: 7);
        var options = GeneratedTraining.Options(model, settings.Epochs, settings.Threads[0]);
        var resident = new List<long>();
        Console.WriteLine($"MnistConv (generated), {train.Count} training and {test.Count} test images, {settings.Epochs} epochs, {settings.Threads[0]} thread(s)");
        new Trainer(model, options).Fit(train, test, epoch =>
        {
            // No forced garbage collection: a tensor left outside a dispose scope is freed only by a finalizer, and
            // the collector rarely runs in a loop of small managed objects, so such a leak shows up here as it would in a run.
            var kib = ResidentMemory.KiB();
            resident.Add(kib);
            var statistics = DisposeScopeManager.Statistics;
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "epoch {0,3}  train {1,8:F2}  test {2,8:F2}  {3,6:F1} s  VmRSS {4,9:N0} KiB  .NET heap {5,7:N0} KiB  live tensors {6}",
                epoch.Epoch, epoch.TrainLoss, epoch.TestLoss, epoch.Seconds, kib, GC.GetGCMemoryInfo().TotalCommittedBytes / 1024, statistics.ThreadTotalLiveCount));
        });

        if (resident.Count >= 2)
        {
            var second = resident[1];
            var last = resident[^1];
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "VmRSS after epoch 2: {0:N0} KiB; after epoch {1}: {2:N0} KiB; ratio {3:F4} ({4:+0.00;-0.00} %)",
                second, resident.Count, last, (double)last / second, 100.0 * (last - second) / second));
        }

        return 0;
    }
}
