using System;
using VaeDsl.Runtime.Distributions;
using VaeDsl.Runtime.Numerics;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Objectives;

/// <summary>
/// The total correlation KL(q(z) ‖ Πⱼ q(zⱼ)) of the aggregate posterior, estimated on a minibatch with minibatch
/// weighted sampling (Chen et al. 2018, β-TCVAE).
/// </summary>
public static class TotalCorrelation
{
    /// <summary>
    /// Per-example estimates [B] of <c>log q(zᵢ) − Σⱼ log q(zᵢⱼ)</c>, where
    /// <c>log q(zᵢ) ≈ logsumexpₖ log q(zᵢ | xₖ) − log(B·N)</c> and likewise per dimension; their mean is the TC estimate.
    /// </summary>
    /// <param name="z">Samples, one per example, [B, d].</param>
    /// <param name="posterior">The posteriors that produced them, [B, d].</param>
    /// <param name="datasetSize">N, the number of training examples.</param>
    public static Tensor MinibatchWeighted(Tensor z, DiagonalNormal posterior, long datasetSize)
    {
        ArgumentNullException.ThrowIfNull(z);
        ArgumentNullException.ThrowIfNull(posterior);
        if (datasetSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(datasetSize), datasetSize, "the data set size must be positive");
        }

        if (z.dim() != 2)
        {
            throw new ArgumentException($"samples must be [B, d] but are [{string.Join(", ", z.shape)}]", nameof(z));
        }

        var batch = z.shape[0];
        // log q(zᵢ,d | xₖ,d) for every pair (i, k): [B, B, d].
        var diff = z.unsqueeze(1) - posterior.Mean.unsqueeze(0);
        var logVar = posterior.LogVar.unsqueeze(0);
        var pairwise = (diff.square() * (-logVar).exp() + logVar + LogConstants.LogTwoPi) * -0.5;
        var logNormaliser = Math.Log(batch * (double)datasetSize);

        var logJoint = pairwise.sum(2).logsumexp(1) - logNormaliser;
        var logProductOfMarginals = (pairwise.logsumexp(1) - logNormaliser).sum(1);
        return logJoint - logProductOfMarginals;
    }
}
