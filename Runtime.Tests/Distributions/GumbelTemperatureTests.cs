using System;
using VaeDsl.Runtime.Distributions;
using Xunit;

namespace VaeDsl.Runtime.Tests.Distributions;

/// <summary>τ = max(minimum, initial · exp(−rate · epoch)), and outside training the final temperature.</summary>
public sealed class GumbelTemperatureTests
{
    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(1, 0.60653065971263342)]
    [InlineData(2, 0.5)]
    public void The_temperature_decays_exponentially_down_to_its_minimum(int epoch, double expected)
    {
        var progress = new TrainingProgress(epoch, 10, 0, 100);

        Assert.Equal(expected, GumbelTemperature.At(progress, initial: 1.0, minimum: 0.5, rate: 0.5), 12);
    }

    [Fact]
    public void Without_annealing_the_temperature_stays_at_its_initial_value()
    {
        Assert.Equal(0.67, GumbelTemperature.At(new TrainingProgress(7, 10, 0, 100), 0.67, 0.5, 0.0));
        Assert.Equal(0.67, GumbelTemperature.At(TrainingProgress.Evaluation, 0.67, 0.5, 0.0));
    }

    [Fact]
    public void Outside_training_an_annealed_temperature_is_at_its_minimum()
    {
        Assert.Equal(0.5, GumbelTemperature.At(TrainingProgress.Evaluation, 1.0, 0.5, 3e-5));
        Assert.Equal(Math.Exp(-0.5 * 1), GumbelTemperature.At(new TrainingProgress(1, 2, 0, 1), 1.0, 0.1, 0.5), 12);
    }
}
