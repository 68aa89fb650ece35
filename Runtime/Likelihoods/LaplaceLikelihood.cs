using System;
using VaeDsl.Runtime.Numerics;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Likelihoods;

/// <summary>Independent Laplace likelihood p(x | μ, b) = exp(−|x − μ| / b) / (2b): an L1 reconstruction loss.</summary>
public static class LaplaceLikelihood
{
    /// <summary>log p(x) per example, [B], with a fixed scale <paramref name="scale"/>.</summary>
    public static Tensor LogProb(Tensor location, Tensor x, double scale)
    {
        if (!(scale > 0) || double.IsInfinity(scale))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "the scale must be positive");
        }

        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(x);
        return -BatchReductions.SumExceptBatch((x - location).abs() / scale + Math.Log(2 * scale));
    }

    /// <summary>log p(x) per example, [B], with a log-scale that broadcasts against <paramref name="x"/>.</summary>
    public static Tensor LogProb(Tensor location, Tensor logScale, Tensor x)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(logScale);
        ArgumentNullException.ThrowIfNull(x);
        var terms = (x - location).abs() * (-logScale).exp() + logScale + Math.Log(2);
        return -BatchReductions.SumExceptBatch(terms.expand_as(x));
    }
}
