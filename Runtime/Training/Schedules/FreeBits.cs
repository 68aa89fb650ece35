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
}
