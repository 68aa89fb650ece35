using System;

namespace VaeDsl.Runtime.Training.Schedules;

/// <summary>
/// Weight rising linearly from 0 to 1 over the first <see cref="Epochs"/> epochs, then 1 (KL annealing,
/// Bowman et al. 2016). Progress is fractional, so the weight rises every step.
/// </summary>
public sealed class LinearWarmup : WeightSchedule
{
    /// <summary>Creates a warm-up lasting <paramref name="epochs"/> epochs (0 means no warm-up).</summary>
    public LinearWarmup(double epochs)
    {
        if (!(epochs >= 0) || double.IsInfinity(epochs))
        {
            throw new ArgumentOutOfRangeException(nameof(epochs), epochs, "warm-up epochs must be a non-negative number");
        }

        Epochs = epochs;
    }

    /// <summary>Length of the warm-up in epochs.</summary>
    public double Epochs { get; }

    /// <inheritdoc />
    public override double Weight(TrainingProgress progress) =>
        progress.IsEvaluation || Epochs == 0 ? 1.0 : Math.Clamp(progress.EpochFraction / Epochs, 0.0, 1.0);
}
