using System;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Training.Schedules;

/// <summary>
/// Controlled capacity (Burgess et al. 2018): the KL term becomes <c>|KL − C|</c> with the target C rising linearly
/// from 0 to <see cref="Maximum"/> nats over <see cref="Epochs"/> epochs.
/// </summary>
public sealed class Capacity
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="max">Final capacity in nats.</param>
    /// <param name="epochs">Epochs over which the capacity rises (0: at the maximum from the start).</param>
    public Capacity(double max, double epochs)
    {
        if (!(max >= 0) || double.IsInfinity(max))
        {
            throw new ArgumentOutOfRangeException(nameof(max), max, "the capacity must be a non-negative number of nats");
        }

        if (!(epochs >= 0) || double.IsInfinity(epochs))
        {
            throw new ArgumentOutOfRangeException(nameof(epochs), epochs, "capacity epochs must be a non-negative number");
        }

        Maximum = max;
        Epochs = epochs;
    }

    /// <summary>Final capacity, nats.</summary>
    public double Maximum { get; }

    /// <summary>Epochs over which the capacity rises.</summary>
    public double Epochs { get; }

    /// <summary>The target C at <paramref name="progress"/>.</summary>
    public double Target(TrainingProgress progress) =>
        progress.IsEvaluation || Epochs == 0 ? Maximum : Maximum * Math.Clamp(progress.EpochFraction / Epochs, 0.0, 1.0);

    /// <summary><c>|kl − C|</c> for a (batch-mean) KL.</summary>
    public Tensor Apply(Tensor kl, TrainingProgress progress)
    {
        ArgumentNullException.ThrowIfNull(kl);
        return (kl - Target(progress)).abs();
    }
}
