using System;
using System.Globalization;
using VaeDsl.Runtime.Data;
using static TorchSharp.torch;

namespace VaeDsl.Bench.Throughput;

/// <summary>
/// The <c>serve</c> mode: the hand-written TorchSharp model in a process of its own, training one epoch per line
/// "epoch" on standard input and answering each with a JSON line (see <see cref="EpochServer"/>).
/// </summary>
internal static class HandWrittenServer
{
    public static int Run(BenchmarkSettings settings, TensorDataSet train)
    {
        set_num_threads(settings.Threads[0]);
        using var training = new HandWrittenTraining(settings.Models[0], SpeedBenchmark.Seed);
        Console.WriteLine("ready");
        while (Console.ReadLine() is { } line)
        {
            if (line.Trim() != "epoch")
            {
                Console.Error.WriteLine($"error: expected the line 'epoch', got '{line.Trim()}'");
                return 2;
            }

            var epoch = training.Epoch(train.Inputs);
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "{{\"train_seconds\": {0:R}, \"cpu_seconds\": {1:R}, \"train_loss\": {2:R}, \"resident_kib\": {3}}}",
                epoch.Seconds, epoch.CpuSeconds, epoch.Loss, ResidentMemory.KiB()));
        }

        return 0;
    }
}
