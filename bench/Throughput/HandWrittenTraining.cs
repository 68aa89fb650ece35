using System.Collections.Generic;
using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace VaeDsl.Bench.Throughput;

/// <summary>The training loop one writes by hand in TorchSharp: Adam, randperm shuffling, one dispose scope per step.</summary>
internal static class HandWrittenTraining
{
    /// <summary>Trains for <paramref name="epochs"/> epochs and returns each epoch's seconds and mean loss per image.</summary>
    public static List<EpochTiming> Run(
        nn.Module<Tensor, (Tensor Logits, Tensor Mean, Tensor LogVar)> model, Tensor images, int epochs, int batchSize, double learningRate)
    {
        var optimizer = optim.Adam(model.parameters(), lr: learningRate);
        var count = images.shape[0];
        var results = new List<EpochTiming>();
        model.train();
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            var cpu = ProcessorTime.Seconds();
            var total = 0.0;
            using (var order = randperm(count))
            {
                for (long start = 0; start < count; start += batchSize)
                {
                    using var scope = NewDisposeScope();
                    var x = images.index_select(0, order.narrow(0, start, System.Math.Min(batchSize, count - start)));
                    var (logits, mu, logVar) = model.forward(x);
                    var reconstruction = nn.functional.binary_cross_entropy_with_logits(logits, x, reduction: nn.Reduction.Sum);
                    var kl = (logVar.exp() + mu.square() - logVar - 1).sum() * 0.5;
                    var loss = reconstruction + kl;
                    optimizer.zero_grad();
                    loss.backward();
                    optimizer.step();
                    total += loss.item<float>();
                }
            }

            results.Add(new EpochTiming(clock.Elapsed.TotalSeconds, ProcessorTime.Seconds() - cpu, total / count));
        }

        return results;
    }
}
