using System;
using TorchSharp;
using VaeDsl.Runtime.Numerics;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Likelihoods;

/// <summary>Independent Bernoulli likelihood p(x | logits) for data in [0, 1] (binary or grey levels).</summary>
public static class BernoulliLikelihood
{
    /// <summary>
    /// log p(x | logits) per example, [B], summed over all non-batch dimensions; equals minus the summed
    /// binary cross-entropy with logits, computed stably for any logit magnitude.
    /// </summary>
    public static Tensor LogProb(Tensor logits, Tensor x)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(x);
        var elementwise = nn.functional.binary_cross_entropy_with_logits(logits, x, reduction: nn.Reduction.None);
        return -BatchReductions.SumExceptBatch(elementwise);
    }

    /// <summary>
    /// −log p(x | logits) averaged over the batch: the reconstruction term of a loss. One fused binary
    /// cross-entropy over the whole batch, so training pays for one kernel rather than a per-example reduction.
    /// </summary>
    public static Tensor NegativeLogLikelihood(Tensor logits, Tensor x)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(x);
        return nn.functional.binary_cross_entropy_with_logits(logits, x, reduction: nn.Reduction.Sum) / logits.shape[0];
    }

    /// <summary>The mean of the distribution, <c>sigmoid(logits)</c>.</summary>
    public static Tensor Mean(Tensor logits)
    {
        ArgumentNullException.ThrowIfNull(logits);
        return logits.sigmoid();
    }
}
