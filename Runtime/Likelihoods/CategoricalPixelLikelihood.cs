using System;
using TorchSharp;
using VaeDsl.Runtime.Numerics;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Likelihoods;

/// <summary>
/// A 256-way categorical distribution per pixel (van den Oord et al. 2016): logits [B, 256, ...] over the grey
/// level <c>round(x · 255)</c> of data x in [0, 1].
/// </summary>
public static class CategoricalPixelLikelihood
{
    /// <summary>The number of levels.</summary>
    public const int Levels = 256;

    /// <summary>log p(x) per example, [B], for logits [B, 256, ...] and data x [B, ...] in [0, 1].</summary>
    public static Tensor LogProb(Tensor logits, Tensor x)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(x);
        RequireLevels(logits);
        var targets = (x * (Levels - 1)).round().clamp(0, Levels - 1).to(ScalarType.Int64);
        var logProbs = nn.functional.cross_entropy(logits, targets, reduction: nn.Reduction.None);
        return -BatchReductions.SumExceptBatch(logProbs);
    }

    /// <summary>The mean grey level in [0, 1], [B, ...], from logits [B, 256, ...].</summary>
    public static Tensor Mean(Tensor logits)
    {
        ArgumentNullException.ThrowIfNull(logits);
        RequireLevels(logits);
        var levels = arange(Levels, dtype: logits.dtype, device: logits.device) / (Levels - 1);
        var shape = new long[logits.dim()];
        Array.Fill(shape, 1L);
        shape[1] = Levels;
        return (logits.softmax(1) * levels.reshape(shape)).sum(1);
    }

    private static void RequireLevels(Tensor logits)
    {
        if (logits.dim() < 2 || logits.shape[1] != Levels)
        {
            throw new ArgumentException(
                $"categorical pixel logits must be [B, 256, ...] but are [{string.Join(", ", logits.shape)}]", nameof(logits));
        }
    }
}
