using System;
using VaeDsl.Runtime.Numerics;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Distributions;

/// <summary>The fixed prior p(z) = N(0, I).</summary>
public static class StandardNormalPrior
{
    /// <summary><paramref name="count"/> samples of dimension <paramref name="size"/>, [count, size], from the global generator.</summary>
    public static Tensor Sample(long count, long size)
    {
        if (count <= 0 || size <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(count), $"sample count ({count}) and size ({size}) must be positive");
        }

        return randn(count, size);
    }

    /// <summary>log p(z) per example, [B], summed over all non-batch dimensions.</summary>
    public static Tensor LogProb(Tensor z)
    {
        ArgumentNullException.ThrowIfNull(z);
        return BatchReductions.SumExceptBatch(z.square() + LogConstants.LogTwoPi) * -0.5;
    }
}
