using System;
using System.Linq;
using VaeDsl.Runtime.Numerics;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Distributions;

/// <summary>A batch of normal distributions with diagonal covariance, parameterised by mean and log-variance [B, d].</summary>
public sealed class DiagonalNormal : ISampledPosterior
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
    /// The joint of independent diagonal Normals over the concatenated codes [B, d₁ + d₂ + …]: itself a diagonal
    /// Normal, so its log-density and KL are the sums of the parts'. Models with several Normal latents use it for the
    /// objectives defined on one code (total correlation, MMD, the importance-weighted bound).
    /// </summary>
    /// <exception cref="ArgumentException">No parts, or parts whose batch sizes differ.</exception>
    public static DiagonalNormal Concat(params DiagonalNormal[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Length == 0)
        {
            throw new ArgumentException("at least one distribution is needed", nameof(parts));
        }

        if (parts.Length == 1)
        {
            return parts[0];
        }

        var batch = parts[0].Mean.shape[0];
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i].Mean.dim() != 2 || parts[i].Mean.shape[0] != batch)
            {
                throw new ArgumentException(
                    $"part {i} has shape [{string.Join(", ", parts[i].Mean.shape)}] but the first has batch size {batch}: all parts must be [{batch}, d]",
                    nameof(parts));
            }
        }

        return new DiagonalNormal(cat(parts.Select(p => p.Mean).ToArray(), 1), cat(parts.Select(p => p.LogVar).ToArray(), 1));
    }

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

    /// <summary>KL(q ‖ p) per example, [B], to another batch of diagonal normals <paramref name="prior"/> of the same shape
    /// (a conditional prior p(z1 | z2) of a hierarchy), in closed form.</summary>
    public Tensor KlTo(DiagonalNormal prior)
    {
        ArgumentNullException.ThrowIfNull(prior);
        return KlTo(prior.Mean, prior.LogVar);
    }

    /// <summary>
    /// The precision-weighted merge of two Gaussian estimates of one variable (the Ladder VAE, Sønderby et al. 2016):
    /// precision σ⁻² = σ₁⁻² + σ₂⁻² and mean μ = (μ₁σ₁⁻² + μ₂σ₂⁻²) / σ⁻², per dimension. It is the normalised product of
    /// the two densities; the top-down posterior merges a latent's bottom-up estimate with its conditional prior.
    /// </summary>
    public static DiagonalNormal PrecisionWeighted(DiagonalNormal first, DiagonalNormal second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        var firstPrecision = (-first.LogVar).exp();
        var secondPrecision = (-second.LogVar).exp();
        var precision = firstPrecision + secondPrecision;
        var mean = (first.Mean * firstPrecision + second.Mean * secondPrecision) / precision;
        return new DiagonalNormal(mean, -precision.log());
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

    /// <summary>A reparameterised sample (as <see cref="Sample"/> draws it) with its log-density.</summary>
    public PosteriorSample Draw()
    {
        var z = Sample();
        return new PosteriorSample(z, LogProb(z));
    }

    /// <summary>log q(z) per example, [B], summed over the latent dimensions.</summary>
    public Tensor LogProb(Tensor z)
    {
        ArgumentNullException.ThrowIfNull(z);
        var squared = (z - Mean).square() * (-LogVar).exp();
        return BatchReductions.SumExceptBatch(squared + LogVar + LogConstants.LogTwoPi) * -0.5;
    }
}
