using System;

namespace VaeDsl.Runtime.Training.Schedules;

/// <summary>A factor applied to the base learning rate at each step.</summary>
public abstract class LearningRateSchedule
{
    /// <summary>The factor at <paramref name="progress"/> (1 keeps the base learning rate).</summary>
    public abstract double Factor(TrainingProgress progress);

    /// <summary>Multiplies the rate by <paramref name="gamma"/> every <paramref name="everyEpochs"/> epochs.</summary>
    public static LearningRateSchedule Step(int everyEpochs, double gamma) => new StepDecay(everyEpochs, gamma);

    /// <summary>Cosine decay from 1 at the start of the run to <paramref name="minimumFactor"/> at its end.</summary>
    public static LearningRateSchedule Cosine(double minimumFactor = 0) => new CosineDecay(minimumFactor);

    /// <summary>A linear rise from 0 over <paramref name="epochs"/> epochs, multiplied by <paramref name="then"/> if given.</summary>
    public static LearningRateSchedule Warmup(double epochs, LearningRateSchedule? then = null) => new WarmupThen(epochs, then);

    private sealed class StepDecay : LearningRateSchedule
    {
        private readonly int every;
        private readonly double gamma;

        public StepDecay(int every, double gamma)
        {
            if (every < 1 || !(gamma > 0))
            {
                throw new ArgumentOutOfRangeException(nameof(every), $"step decay needs every ≥ 1 epoch ({every}) and gamma > 0 ({gamma})");
            }

            this.every = every;
            this.gamma = gamma;
        }

        public override double Factor(TrainingProgress progress) =>
            progress.IsEvaluation ? 1.0 : Math.Pow(gamma, progress.Epoch / every);
    }

    private sealed class CosineDecay : LearningRateSchedule
    {
        private readonly double minimum;

        public CosineDecay(double minimum)
        {
            if (!(minimum >= 0 && minimum <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(minimum), minimum, "the final factor of a cosine decay must be in [0, 1]");
            }

            this.minimum = minimum;
        }

        public override double Factor(TrainingProgress progress) =>
            minimum + (1 - minimum) * 0.5 * (1 + Math.Cos(Math.PI * progress.RunFraction));
    }

    private sealed class WarmupThen : LearningRateSchedule
    {
        private readonly LinearWarmup warmup;
        private readonly LearningRateSchedule? then;

        public WarmupThen(double epochs, LearningRateSchedule? then)
        {
            warmup = new LinearWarmup(epochs);
            this.then = then;
        }

        // A zero rate on the very first step would waste it; the rise starts one step in.
        public override double Factor(TrainingProgress progress)
        {
            var next = progress with { Step = progress.Step + 1 };
            return warmup.Weight(progress.IsEvaluation ? progress : next) * (then?.Factor(progress) ?? 1.0);
        }
    }
}
