using System;
using VaeDsl.Runtime.Numerics;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Likelihoods;

/// <summary>Independent Gaussian likelihood p(x | mean, σ²) for real-valued data.</summary>
public static class GaussianLikelihood
{
    /// <summary>log p(x) per example, [B], with a fixed variance <paramref name="variance"/> for every element.</summary>
    public static Tensor LogProb(Tensor mean, Tensor x, double variance)
    {
        if (!(variance > 0) || double.IsInfinity(variance))
        {
            throw new ArgumentOutOfRangeException(nameof(variance), variance, "the variance must be positive");
        }

        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(x);
        var squared = (x - mean).square() / variance;
        return BatchReductions.SumExceptBatch(squared + (LogConstants.LogTwoPi + Math.Log(variance))) * -0.5;
    }

    /// <summary>
    /// log p(x) per example, [B], with a log-variance that broadcasts against <paramref name="x"/> (a scalar, one per
    /// element of an example, or one per element of the batch).
    /// </summary>
    public static Tensor LogProb(Tensor mean, Tensor logVar, Tensor x)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(logVar);
        ArgumentNullException.ThrowIfNull(x);
        var squared = (x - mean).square() * (-logVar).exp();
        return BatchReductions.SumExceptBatch((squared + logVar + LogConstants.LogTwoPi).expand_as(x)) * -0.5;
    }
}
