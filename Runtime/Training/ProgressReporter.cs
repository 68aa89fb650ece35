using System.Collections.Generic;

namespace VaeDsl.Runtime.Training;

/// <summary>
/// Receives the progress of each training epoch from <see cref="Trainer.Fit"/>. The trainer asks
/// <see cref="WantsUpdate"/> after every step, which must be cheap; only when it answers true does the trainer read
/// the running losses back from libtorch and call <see cref="Update"/>.
/// </summary>
public abstract class ProgressReporter
{
    /// <summary>An epoch is starting.</summary>
    /// <param name="epoch">The epoch number, 1-based.</param>
    /// <param name="epochs">The last epoch number of the run.</param>
    /// <param name="steps">The number of steps (batches) in the epoch.</param>
    public abstract void EpochStarted(int epoch, int epochs, long steps);

    /// <summary>True when the reporter wants fresh losses after <paramref name="stepsDone"/> steps of the current epoch.</summary>
    public abstract bool WantsUpdate(long stepsDone);

    /// <summary>The running means, in nats per example, over the epoch's first <paramref name="stepsDone"/> steps.</summary>
    public abstract void Update(long stepsDone, double runningTotal, IReadOnlyDictionary<string, double> runningTerms);

    /// <summary>The epoch's training steps are over (evaluation and the caller's epoch callback follow).</summary>
    public abstract void EpochEnded();
}
