using System;
using System.Diagnostics;
using static TorchSharp.torch;

namespace VaeDsl.Bench.Throughput;

/// <summary>
/// The training loop one writes by hand in TorchSharp: Adam, randperm shuffling, one dispose scope per step, one
/// <c>item()</c> per step. Keeps its model and optimiser between epochs, so epochs can be interleaved with others.
/// </summary>
internal sealed class HandWrittenTraining : IDisposable
{
    private readonly nn.Module<Tensor, (Tensor Logits, Tensor Mean, Tensor LogVar)> model;
    private readonly optim.Optimizer optimizer;

    public HandWrittenTraining(ModelKind kind, long seed, double learningRate = 1e-3)
    {
        manual_seed(seed);
        model = kind == ModelKind.Mlp ? new HandWrittenMlp() : new HandWrittenConv();
        optimizer = optim.Adam(model.parameters(), lr: learningRate);
    }

    /// <summary>Trains one epoch over <paramref name="images"/> and returns its seconds and mean loss per image.</summary>
    public EpochTiming Epoch(Tensor images, int batchSize = 128)
    {
        var clock = Stopwatch.StartNew();
        var cpu = ProcessorTime.Seconds();
        var count = images.shape[0];
        var total = 0.0;
        model.train();
        using (var order = randperm(count))
        {
            for (long start = 0; start < count; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var x = images.index_select(0, order.narrow(0, start, Math.Min(batchSize, count - start)));
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

        return new EpochTiming(clock.Elapsed.TotalSeconds, ProcessorTime.Seconds() - cpu, total / count);
    }

    public void Dispose()
    {
        optimizer.Dispose();
        model.Dispose();
    }
}
