namespace VaeDsl.Runtime;

/// <summary>Where training is when a loss is computed; weight schedules are functions of it.</summary>
/// <param name="Epoch">The current epoch, 0-based.</param>
/// <param name="Epochs">The number of epochs of the whole run.</param>
/// <param name="Step">The current step inside the epoch, 0-based.</param>
/// <param name="StepsPerEpoch">The number of steps in one epoch.</param>
public readonly record struct TrainingProgress(int Epoch, int Epochs, long Step, long StepsPerEpoch)
{
    /// <summary>Progress used outside training (evaluation, sampling): every schedule is at its final value.</summary>
    public static TrainingProgress Evaluation { get; } = new(int.MaxValue, int.MaxValue, 0, 0);

    /// <summary>How many examples the training set holds (0 outside training); estimators such as the total
    /// correlation's minibatch-weighted sampling need it.</summary>
    public long DatasetSize { get; init; }

    /// <summary>True for <see cref="Evaluation"/>.</summary>
    public bool IsEvaluation => Epoch == int.MaxValue && Epochs == int.MaxValue;

    /// <summary>Epochs completed so far, fractional: <c>Epoch + Step / StepsPerEpoch</c>.</summary>
    public double EpochFraction => StepsPerEpoch > 0 ? Epoch + (double)Step / StepsPerEpoch : Epoch;

    /// <summary>The fraction of the whole run completed, in [0, 1]; 1 for <see cref="Evaluation"/>.</summary>
    public double RunFraction => IsEvaluation || Epochs <= 0 ? 1.0 : System.Math.Min(1.0, EpochFraction / Epochs);
}
