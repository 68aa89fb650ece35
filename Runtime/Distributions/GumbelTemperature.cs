using System;

namespace VaeDsl.Runtime.Distributions;

/// <summary>The annealed temperature of a relaxed (Gumbel-softmax or binary concrete) latent:
/// τ = max(minimum, initial · exp(−rate · epoch)), with the epoch counted from 0 (Jang et al., 2017).</summary>
public static class GumbelTemperature
{
    /// <summary>The temperature at <paramref name="progress"/>; outside training, the final (minimum) one when
    /// annealing, else the initial one.</summary>
    public static double At(TrainingProgress progress, double initial, double minimum, double rate)
    {
        if (rate <= 0) return initial;
        if (progress.IsEvaluation) return Math.Min(initial, minimum);
        return Math.Max(minimum, initial * Math.Exp(-rate * progress.Epoch));
    }
}
