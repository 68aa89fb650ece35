namespace VaeDsl.Runtime.Training.Schedules;

/// <summary>A loss-term weight that changes with training progress; outside training it is at its final value.</summary>
public abstract class WeightSchedule
{
    /// <summary>The weight multiplier at <paramref name="progress"/>, in [0, 1].</summary>
    public abstract double Weight(TrainingProgress progress);
}
