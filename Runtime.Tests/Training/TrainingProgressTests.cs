using Xunit;

namespace VaeDsl.Runtime.Tests.Training;

public sealed class TrainingProgressTests
{
    [Fact]
    public void EpochFractionAddsTheFractionOfTheCurrentEpoch()
    {
        var progress = new TrainingProgress(Epoch: 2, Epochs: 10, Step: 25, StepsPerEpoch: 100);
        Assert.Equal(2.25, progress.EpochFraction);
        Assert.Equal(0.225, progress.RunFraction, 12);
        Assert.False(progress.IsEvaluation);
    }

    [Fact]
    public void EvaluationIsPastEveryScheduleEnd()
    {
        Assert.True(TrainingProgress.Evaluation.IsEvaluation);
        Assert.Equal(1.0, TrainingProgress.Evaluation.RunFraction);
        Assert.True(TrainingProgress.Evaluation.EpochFraction > 1e9);
    }
}
