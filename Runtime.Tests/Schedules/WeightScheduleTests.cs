using System;
using System.Linq;
using VaeDsl.Runtime.Training.Schedules;
using Xunit;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Tests.Schedules;

public sealed class WeightScheduleTests
{
    private static TrainingProgress At(int epoch, long step, int epochs = 10, long steps = 4) => new(epoch, epochs, step, steps);

    [Fact]
    public void LinearWarmupRisesEveryStepThenStaysAtOne()
    {
        var warmup = new LinearWarmup(epochs: 2);
        Assert.Equal(0.0, warmup.Weight(At(0, 0)));
        Assert.Equal(0.125, warmup.Weight(At(0, 1)));
        Assert.Equal(0.625, warmup.Weight(At(1, 1)));
        Assert.Equal(1.0, warmup.Weight(At(2, 0)));
        Assert.Equal(1.0, warmup.Weight(At(7, 3)));
        Assert.Equal(1.0, warmup.Weight(TrainingProgress.Evaluation));
        Assert.Equal(1.0, new LinearWarmup(0).Weight(At(0, 0)));
    }

    [Fact]
    public void CyclicalFollowsFuEtAlWithRatio()
    {
        // 10 epochs, 2 cycles of 5 epochs, rising over the first half of each (2.5 epochs).
        var schedule = new Cyclical(cycles: 2, ratio: 0.5);
        Assert.Equal(0.0, schedule.Weight(At(0, 0)));
        Assert.Equal(0.4, schedule.Weight(At(1, 0)), 12);
        Assert.Equal(1.0, schedule.Weight(At(3, 0)));
        Assert.Equal(0.0, schedule.Weight(At(5, 0)), 12);
        Assert.Equal(0.5, schedule.Weight(At(6, 1)), 12); // 6.25 epochs: 1.25 into the cycle / 2.5
        Assert.Equal(1.0, schedule.Weight(At(9, 3)));
        Assert.Equal(1.0, schedule.Weight(TrainingProgress.Evaluation));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Cyclical(0));
    }

    [Fact]
    public void FreeBitsClampsEachDimensionsBatchMeanKl()
    {
        // Dimension means over the batch: 0.1, 1.0, 3.0; with λ = 0.5 the sum is 0.5 + 1.0 + 3.0.
        var kl = tensor(new[] { 0.0f, 2.0f, 5.0f, 0.2f, 0.0f, 1.0f }, new long[] { 2, 3 });
        Assert.Equal(4.5f, new FreeBits(0.5).Apply(kl).item<float>(), 5);
        Assert.Equal(4.1f, new FreeBits(0).Apply(kl).item<float>(), 5);
        Assert.Throws<ArgumentException>(() => new FreeBits(1).Apply(zeros(3)));
    }

    [Fact]
    public void FreeBitsStopsTheGradientOfDimensionsBelowTheThreshold()
    {
        var kl = tensor(new[] { 0.1f, 2.0f }, new long[] { 1, 2 }).requires_grad_();
        new FreeBits(0.5).Apply(kl).backward();
        Assert.Equal(new[] { 0f, 1f }, kl.grad!.data<float>().ToArray());
    }

    [Fact]
    public void GroupFreeBitsClampTheLatentsBatchMeanKlAtTheBudgetOfItsDimensions()
    {
        // Batch mean 4.0 nats for a latent of 3 dimensions: λ = 1 gives a budget of 3 (no clamp), λ = 2 one of 6.
        var kl = tensor(new[] { 3.0f, 5.0f }).requires_grad_();
        Assert.Equal(4.0f, new FreeBits(1).ApplyToGroup(kl, 3).item<float>(), 5);
        var clamped = new FreeBits(2).ApplyToGroup(kl, 3);
        Assert.Equal(6.0f, clamped.item<float>(), 5);
        clamped.backward();
        Assert.Equal(new[] { 0f, 0f }, kl.grad!.data<float>().ToArray());
        Assert.Throws<ArgumentException>(() => new FreeBits(1).ApplyToGroup(zeros(2, 3), 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FreeBits(1).ApplyToGroup(zeros(2), 0));
    }

    [Fact]
    public void CapacityTargetRisesAndTheTermIsTheDistanceToIt()
    {
        var capacity = new Capacity(max: 25, epochs: 5);
        Assert.Equal(0.0, capacity.Target(At(0, 0)));
        Assert.Equal(12.5, capacity.Target(At(2, 2)));
        Assert.Equal(25.0, capacity.Target(At(8, 0)));
        Assert.Equal(25.0, capacity.Target(TrainingProgress.Evaluation));
        Assert.Equal(7.5f, capacity.Apply(tensor(5f), At(2, 2)).item<float>());
        Assert.Equal(2.5f, capacity.Apply(tensor(15f), At(2, 2)).item<float>());
    }
}
