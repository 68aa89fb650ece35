using System;
using VaeDsl.Runtime.Numerics;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Distributions;

/// <summary>A batch of normal distributions with diagonal covariance, parameterised by mean and log-variance [B, d].</summary>
public sealed class DiagonalNormal
{
    /// <summary>Creates the distribution from its mean and log-variance, both [B, d].</summary>
    public DiagonalNormal(Tensor mean, Tensor logVar)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(logVar);
        Mean = mean;
        LogVar = logVar;
    }

    /// <summary>The means, [B, d].</summary>
    public Tensor Mean { get; }

    /// <summary>The log-variances, [B, d].</summary>
    public Tensor LogVar { get; }

    /// <summary>The standard deviations <c>exp(0.5 · LogVar)</c>, [B, d].</summary>
    public Tensor StdDev => (LogVar * 0.5).exp();

    /// <summary>
    /// A reparameterised sample <c>Mean + exp(0.5 · LogVar) · ε</c> with ε ~ N(0, I) drawn from the global generator,
    /// so gradients flow to the mean and log-variance.
    /// </summary>
    public Tensor Sample() => Mean + (LogVar * 0.5).exp() * randn_like(Mean);

    /// <summary>KL(q ‖ N(0, I)) per example, [B]: <c>-0.5 Σ (1 + LogVar − Mean² − exp(LogVar))</c>.</summary>
    public Tensor KlToStandardNormal() => BatchReductions.SumExceptBatch(KlToStandardNormalPerDimension());

    /// <summary>KL(q ‖ N(0, I)) averaged over the batch, as one reduction: the KL term of a loss.</summary>
    public Tensor KlToStandardNormalMean() => (LogVar.exp() + Mean.square() - LogVar - 1).sum() * (0.5 / Mean.shape[0]);

    /// <summary>KL(q ‖ N(0, I)) per example and latent dimension, [B, d] (for free bits and active-unit counts).</summary>
    public Tensor KlToStandardNormalPerDimension() => (LogVar.exp() + Mean.square() - LogVar - 1) * 0.5;

    /// <summary>
    /// KL(q ‖ p) per example, [B], to the diagonal normal N(<paramref name="priorMean"/>, exp(<paramref name="priorLogVar"/>)), broadcast over the batch:
    /// <c>½ Σ (lvₚ − lv_q + (exp(lv_q) + (m_q − mₚ)²) / exp(lvₚ) − 1)</c>.
    /// </summary>
    public Tensor KlTo(Tensor priorMean, Tensor priorLogVar) => BatchReductions.SumExceptBatch(KlToPerDimension(priorMean, priorLogVar));

    /// <summary>KL(q ‖ N(priorMean, exp(priorLogVar))) per example and latent dimension, [B, d] (for free bits).</summary>
    public Tensor KlToPerDimension(Tensor priorMean, Tensor priorLogVar)
    {
        ArgumentNullException.ThrowIfNull(priorMean);
        ArgumentNullException.ThrowIfNull(priorLogVar);
        var ratio = (LogVar.exp() + (Mean - priorMean).square()) * (-priorLogVar).exp();
        return (priorLogVar - LogVar + ratio - 1) * 0.5;
    }

    /// <summary>
    /// Single-sample Monte Carlo KL per example, [B]: <c>log q(z) − log p(z)</c> at <paramref name="z"/> drawn from q,
    /// for priors without a closed-form KL.
    /// </summary>
    public Tensor KlMonteCarlo(Tensor z, Tensor priorLogProb)
    {
        ArgumentNullException.ThrowIfNull(priorLogProb);
        return LogProb(z) - priorLogProb;
    }

    /// <summary>log q(z) per example, [B], summed over the latent dimensions.</summary>
    public Tensor LogProb(Tensor z)
    {
        ArgumentNullException.ThrowIfNull(z);
        var squared = (z - Mean).square() * (-LogVar).exp();
        return BatchReductions.SumExceptBatch(squared + LogVar + LogConstants.LogTwoPi) * -0.5;
    }
}
