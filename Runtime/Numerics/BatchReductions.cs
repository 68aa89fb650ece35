using static TorchSharp.torch;

namespace VaeDsl.Runtime.Numerics;

/// <summary>Reductions that keep the batch dimension, for per-example log-probabilities.</summary>
internal static class BatchReductions
{
    /// <summary>Sums over every dimension but the first: [B, ...] → [B]; a [B] tensor is returned as is.</summary>
    public static Tensor SumExceptBatch(Tensor values) => values.dim() <= 1 ? values : values.flatten(1).sum(1);
}
