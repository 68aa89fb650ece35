using System;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Training.Schedules;

/// <summary>
/// Free bits (Kingma et al. 2016): each latent dimension's KL, averaged over the batch, is replaced by
/// <c>max(λ, KL_d)</c>, so the optimiser gains nothing by pushing a dimension's KL below λ nats.
/// </summary>
public sealed class FreeBits
{
    /// <summary>Creates the constraint with λ = <paramref name="nats"/> per latent dimension.</summary>
    public FreeBits(double nats)
    {
        if (!(nats >= 0) || double.IsInfinity(nats))
        {
            throw new ArgumentOutOfRangeException(nameof(nats), nats, "free bits must be a non-negative number of nats");
        }

        Nats = nats;
    }

    /// <summary>λ, nats per latent dimension.</summary>
    public double Nats { get; }

    /// <summary>
    /// The constrained KL as a scalar per example: <c>Σ_d max(λ, mean_b KL[b, d])</c> from a per-dimension KL [B, d].
    /// </summary>
    public Tensor Apply(Tensor klPerDimension)
    {
        ArgumentNullException.ThrowIfNull(klPerDimension);
        if (klPerDimension.dim() != 2)
        {
            throw new ArgumentException(
                $"free bits need the KL per example and latent dimension [B, d] but got [{string.Join(", ", klPerDimension.shape)}]",
                nameof(klPerDimension));
        }

        return klPerDimension.mean(new long[] { 0 }).clamp_min(Nats).sum();
    }

    /// <summary>
    /// Free bits for a latent whose KL has no per-dimension form (a mixture-of-Gaussians or VampPrior prior): the
    /// latent is one group (Kingma et al., 2016, free bits over groups of dimensions) with the budget of its
    /// dimensions, so its KL averaged over the batch counts as <c>max(Nats · dimensions, KL)</c>.
    /// </summary>
    /// <param name="klPerExample">The latent's KL per example, [B] (a Monte Carlo estimate is fine).</param>
    /// <param name="dimensions">The latent's number of dimensions.</param>
    public Tensor ApplyToGroup(Tensor klPerExample, long dimensions)
    {
        ArgumentNullException.ThrowIfNull(klPerExample);
        if (klPerExample.dim() != 1)
        {
            throw new ArgumentException(
                $"group free bits need the KL per example [B] but got [{string.Join(", ", klPerExample.shape)}]", nameof(klPerExample));
        }

        if (dimensions <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(dimensions), dimensions, "a latent has at least one dimension");
        }

        return klPerExample.mean().clamp_min(Nats * dimensions);
    }
}
