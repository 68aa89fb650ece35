using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using VaeDsl.Runtime.Training;
using Xunit;

namespace VaeDsl.Runtime.Tests.Training;

public sealed class ProgressDisplayTests
{
    [Theory]
    [InlineData(0.0, "0:00")]
    [InlineData(59.9, "0:59")]
    [InlineData(65.0, "1:05")]
    [InlineData(3599.0, "59:59")]
    [InlineData(3723.0, "1:02:03")]
    [InlineData(90061.0, "25:01:01")]
    public void DurationsAreMinutesAndSecondsThenHours(double seconds, string expected) =>
        Assert.Equal(expected, ProgressFormat.Duration(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void AnUnknownDurationIsShownAsDashes() => Assert.Equal("--:--", ProgressFormat.Duration(null));

    [Fact]
    public void TheRemainingTimeExtrapolatesTheMeanStepTime()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), ProgressFormat.Remaining(TimeSpan.FromSeconds(10), 25, 100));
        Assert.Equal(TimeSpan.FromSeconds(1.5), ProgressFormat.Remaining(TimeSpan.FromSeconds(4.5), 3, 4));
        Assert.Equal(TimeSpan.Zero, ProgressFormat.Remaining(TimeSpan.FromSeconds(7), 63, 63));
        Assert.Null(ProgressFormat.Remaining(TimeSpan.FromSeconds(1), 0, 63));
    }

    [Theory]
    [InlineData(0, 10, 10, "----------")]
    [InlineData(5, 10, 10, "#####-----")]
    [InlineData(2, 3, 10, "######----")]
    [InlineData(10, 10, 4, "####")]
    public void TheBarIsFilledInProportion(long done, long steps, int width, string expected) =>
        Assert.Equal(expected, ProgressFormat.Bar(done, steps, width));

    [Fact]
    public void TheLineShowsEpochStepsTimesAndRunningLosses()
    {
        var terms = new Dictionary<string, double> { ["recon"] = 140.104, ["kl"] = 14.106 };
        var line = ProgressFormat.Line(3, 20, 16, 64, TimeSpan.FromSeconds(2), 154.21, terms, maxWidth: 200, barWidth: 8);
        Assert.Equal("epoch  3/20 [##------] 16/64 0:02 eta 0:06 loss 154.21 recon 140.10 kl 14.11", line);
    }

    [Fact]
    public void TheLineIsCutToTheTerminalWidth()
    {
        var line = ProgressFormat.Line(1, 1, 1, 2, TimeSpan.FromSeconds(1), 1.0, null, maxWidth: 15);
        Assert.Equal("epoch 1/1 [####", line);
    }

    [Fact]
    public void TheThrottleDrawsTheFirstAndLastStepAndOtherwiseOncePerInterval()
    {
        var throttle = new ProgressThrottle(minimumTicks: 100);
        var drawn = new List<long>();
        // (time, step) pairs of a 10-step epoch whose steps take 30 time units each.
        for (long step = 1; step <= 10; step++)
        {
            if (throttle.ShouldDraw(now: 1000 + 30 * step, stepsDone: step, steps: 10))
            {
                drawn.Add(step);
            }
        }

        // Step 1 is first (t=1030); step 4 (t=1120) is too early, step 5 (t=1150) is due; then step 9 (t=1270); step 10 is last.
        Assert.Equal(new long[] { 1, 5, 9, 10 }, drawn);

        throttle.Reset();
        Assert.True(throttle.ShouldDraw(now: 1301, stepsDone: 1, steps: 10));
        Assert.False(throttle.ShouldDraw(now: 1302, stepsDone: 2, steps: 10));
    }

    [Fact]
    public void TheBarRedrawsInPlaceWithinTheWidthAndErasesItselfAtTheEnd()
    {
        var output = new StringWriter();
        var bar = new ProgressBar(output, () => 40);
        bar.EpochStarted(1, 2, 4);
        Assert.True(bar.WantsUpdate(1));
        bar.Update(1, 200.0, new Dictionary<string, double> { ["recon"] = 190.0, ["kl"] = 10.0 });
        bar.EpochEnded();

        var text = output.ToString();
        Assert.DoesNotContain('\n', text);
        var frames = text.Split('\r').Where(f => f.Length > 0).ToArray();
        Assert.StartsWith("epoch 1/2 [#####---------------] 1/4", frames[0]);
        Assert.All(frames, f => Assert.True(f.Length <= 39, $"frame of {f.Length} characters: '{f}'"));
        Assert.True(frames[^1].Trim().Length == 0 && frames[^1].Length == frames[0].Length, "the last frame blanks the line");
        Assert.EndsWith("\r", text);
    }

    private sealed class RecordingReporter : ProgressReporter
    {
        public List<string> Events { get; } = new();

        public List<double> Totals { get; } = new();

        public override void EpochStarted(int epoch, int epochs, long steps) => Events.Add($"start {epoch}/{epochs} of {steps}");

        public override bool WantsUpdate(long stepsDone) => stepsDone % 2 == 0;

        public override void Update(long stepsDone, double runningTotal, IReadOnlyDictionary<string, double> runningTerms)
        {
            Events.Add($"update {stepsDone} [{string.Join(",", runningTerms.Keys)}]");
            Totals.Add(runningTotal);
        }

        public override void EpochEnded() => Events.Add("end");
    }

    [Fact]
    public void TheTrainerReportsEachEpochOnlyWhenTheReporterAsks()
    {
        var train = TinyVae.SyntheticData(200, seed: 1);
        var reporter = new RecordingReporter();
        Seeding.Set(3);
        var options = new TrainingOptions { BatchSize = 64, Epochs = 2, Seed = 3, Threads = 1, ProgressReporter = reporter };
        var history = new Trainer(new TinyVae(), options).Fit(train);

        // 200 examples in batches of 64: 4 steps; the reporter asks after even steps only.
        var epoch = new[] { "update 2 [recon,kl]", "update 4 [recon,kl]", "end" };
        Assert.Equal(new[] { "start 1/2 of 4" }.Concat(epoch).Append("start 2/2 of 4").Concat(epoch), reporter.Events);
        // After the last step the running mean covers the whole epoch, so it is the epoch's training loss.
        Assert.Equal(history[0].TrainLoss, reporter.Totals[1], 9);
        Assert.Equal(history[1].TrainLoss, reporter.Totals[3], 9);
        Assert.NotEqual(reporter.Totals[0], reporter.Totals[1]);
    }

    [Fact]
    public void TheProgressModeDefaultsToAutomatic() => Assert.Equal(ProgressMode.Auto, new TrainingOptions().Progress);
}
