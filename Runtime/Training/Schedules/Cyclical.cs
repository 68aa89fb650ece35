using System;

namespace VaeDsl.Runtime.Training.Schedules;

/// <summary>
/// Cyclical annealing (Fu et al. 2019): the run is split into <see cref="Cycles"/> equal cycles; in each the weight
/// rises linearly from 0 to 1 over the first <see cref="Ratio"/> of the cycle and stays at 1 for the rest.
/// </summary>
public sealed class Cyclical : WeightSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="cycles">Number of cycles over the whole run (at least 1).</param>
    /// <param name="ratio">Fraction of each cycle spent rising, in (0, 1].</param>
    public Cyclical(int cycles, double ratio = 0.5)
    {
        if (cycles < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(cycles), cycles, "the number of cycles must be at least 1");
        }

        if (!(ratio > 0 && ratio <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(ratio), ratio, "the rising fraction of a cycle must be in (0, 1]");
        }

        Cycles = cycles;
        Ratio = ratio;
    }

    /// <summary>Number of cycles over the run.</summary>
    public int Cycles { get; }

    /// <summary>Fraction of each cycle spent rising.</summary>
    public double Ratio { get; }

    /// <inheritdoc />
    public override double Weight(TrainingProgress progress)
    {
        if (progress.IsEvaluation || progress.RunFraction >= 1)
        {
            return 1.0;
        }

        var position = progress.RunFraction * Cycles;
        var withinCycle = position - Math.Floor(position);
        return Math.Min(1.0, withinCycle / Ratio);
    }
}
