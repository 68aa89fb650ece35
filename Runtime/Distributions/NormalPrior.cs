using System;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Distributions;

/// <summary>
/// A prior p(z) over a Normal latent, the extension point of the language's priors: generated code holds one per
/// latent and asks it for log p(z), samples and KL(q ‖ p) without knowing which prior it is. A new prior derives
/// from this class (see docs/extending.md); its constructor takes the latent size and then the prior's arguments in
/// catalogue order. The KL is Monte Carlo unless <see cref="ClosedFormKl"/> gives a closed form.
/// </summary>
public abstract class NormalPrior : nn.Module
{
    /// <summary>Creates the prior over <paramref name="latentSize"/> dimensions.</summary>
    protected NormalPrior(string name, long latentSize) : base(name)
    {
        if (latentSize <= 0)
        {
            throw new ModelShapeException($"{name}: latent size must be positive but is {latentSize}");
        }

        LatentSize = latentSize;
    }

    /// <summary>The number of latent dimensions.</summary>
    public long LatentSize { get; }

    /// <summary>log p(z) per example, [B], for codes <paramref name="z"/> [B, d].</summary>
    public abstract Tensor LogProb(Tensor z);

    /// <summary><paramref name="count"/> samples, [count, d].</summary>
    public abstract Tensor Sample(long count);

    /// <summary>KL(q ‖ p) per example, [B], in closed form; null when the prior has none.</summary>
    public virtual Tensor? ClosedFormKl(DiagonalNormal posterior) => null;

    /// <summary>KL(q ‖ p) per example and dimension, [B, d], where a closed form gives it (free bits need it); else null.</summary>
    public virtual Tensor? KlPerDimension(DiagonalNormal posterior) => null;

    /// <summary>KL(q ‖ p) per example, [B]: the closed form where there is one, else the single-sample Monte Carlo
    /// estimate at <paramref name="sample"/>, a reparameterised draw from <paramref name="posterior"/>.</summary>
    public Tensor Kl(DiagonalNormal posterior, Tensor sample)
    {
        ArgumentNullException.ThrowIfNull(posterior);
        return ClosedFormKl(posterior) ?? KlMonteCarlo(posterior, sample);
    }

    /// <summary>The single-sample Monte Carlo estimate of KL(q ‖ p) per example, [B]: log q(z) − log p(z) at <paramref name="sample"/>.</summary>
    public Tensor KlMonteCarlo(DiagonalNormal posterior, Tensor sample)
    {
        ArgumentNullException.ThrowIfNull(posterior);
        ArgumentNullException.ThrowIfNull(sample);
        return posterior.KlMonteCarlo(sample, LogProb(sample));
    }

    /// <summary>The single-sample Monte Carlo estimate of KL(q ‖ p) per example, [B], from a sample that carries its
    /// own log-density (a flowed posterior's): log q(z|x) − log p(z).</summary>
    public Tensor KlMonteCarlo(PosteriorSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        return sample.LogProb - LogProb(sample.Value);
    }

    /// <summary>The batch mean of <see cref="Kl"/>; a prior may fuse it into one reduction.</summary>
    public virtual Tensor KlMean(DiagonalNormal posterior, Tensor sample) => Kl(posterior, sample).mean();
}
