using System;
using System.IO;
using System.Linq;
using VaeDsl.Runtime.Training;
using VaeDsl.Runtime.Training.Schedules;
using Xunit;

namespace VaeDsl.Runtime.Tests.Training;

public sealed class TrainerResumeTests : IDisposable
{
    private static readonly TrainingOptions Fast = new() { BatchSize = 64, Epochs = 4, LearningRate = 1e-2, Seed = 5, Threads = 1 };
    private readonly string directory = Path.Combine(Path.GetTempPath(), "vaedsl-resume-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private sealed class Interrupted : Exception
    {
    }

    [Fact]
    public void ResumingFromACheckpointReproducesTheUninterruptedRun()
    {
        var train = TinyVae.SyntheticData(320, seed: 1);
        var test = TinyVae.SyntheticData(64, seed: 2);
        var checkpoint = Path.Combine(directory, "run.ckpt");
        var options = Fast with { CheckpointPath = checkpoint, OutputDirectory = directory };

        Seeding.Set(5);
        var uninterrupted = new Trainer(new TinyVae(), Fast).Fit(train, test);

        // The same run, stopped after epoch 2 as if the process died.
        Seeding.Set(5);
        Assert.Throws<Interrupted>(() => new Trainer(new TinyVae(), options).Fit(train, test, m => { if (m.Epoch == 2) throw new Interrupted(); }));

        Seeding.Set(99); // a different initialisation that the checkpoint must overwrite
        var resumed = new Trainer(new TinyVae(), options);
        resumed.Resume(checkpoint);
        Assert.Equal(2, resumed.CompletedEpochs);
        var rest = resumed.Fit(train, test);

        Assert.Equal(new[] { 3, 4 }, rest.Select(m => m.Epoch));
        Assert.Equal(uninterrupted.Skip(2).Select(m => m.TrainLoss), rest.Select(m => m.TrainLoss));
        Assert.Equal(uninterrupted.Skip(2).Select(m => m.TestLoss), rest.Select(m => m.TestLoss));
        Assert.Equal(4, File.ReadAllLines(Path.Combine(directory, "metrics.jsonl")).Length);
        Assert.Empty(Directory.GetFiles(directory, "*.tmp"));
    }

    [Fact]
    public void CheckpointsAreWrittenEveryNEpochsAndAfterTheLast()
    {
        var train = TinyVae.SyntheticData(128, seed: 1);
        var checkpoint = Path.Combine(directory, "every.ckpt");
        var seen = new System.Collections.Generic.List<int?>();

        Seeding.Set(5);
        new Trainer(new TinyVae(), Fast with { Epochs = 5, CheckpointPath = checkpoint, CheckpointEvery = 2 })
            .Fit(train, onEpoch: _ => seen.Add(File.Exists(checkpoint) ? EpochIn(checkpoint) : null));

        Assert.Equal(new int?[] { null, 2, 2, 4, 5 }, seen);
        Assert.Throws<ArgumentException>(() => new Trainer(new TinyVae(), Fast with { CheckpointEvery = 0 }));
    }

    [Fact]
    public void AResumedRunTrainsAgainWhatFollowedTheLastCheckpointAndKeepsOneMetricsRowPerEpoch()
    {
        var train = TinyVae.SyntheticData(320, seed: 1);
        var test = TinyVae.SyntheticData(64, seed: 2);
        var checkpoint = Path.Combine(directory, "run.ckpt");
        var options = Fast with { Epochs = 5, CheckpointPath = checkpoint, CheckpointEvery = 2, OutputDirectory = directory };

        Seeding.Set(5);
        var uninterrupted = new Trainer(new TinyVae(), Fast with { Epochs = 5 }).Fit(train, test);

        // Dies after epoch 3, whose metrics are written but whose checkpoint is not due.
        Seeding.Set(5);
        Assert.Throws<Interrupted>(() => new Trainer(new TinyVae(), options).Fit(train, test, m => { if (m.Epoch == 3) throw new Interrupted(); }));
        Assert.Equal(3, File.ReadAllLines(Path.Combine(directory, "metrics.jsonl")).Length);

        var resumed = new Trainer(new TinyVae(), options);
        resumed.Resume(checkpoint);
        Assert.Equal(2, resumed.CompletedEpochs);
        var rest = resumed.Fit(train, test);

        Assert.Equal(new[] { 3, 4, 5 }, rest.Select(m => m.Epoch));
        Assert.Equal(uninterrupted.Skip(2).Select(m => m.TrainLoss), rest.Select(m => m.TrainLoss));
        var epochs = File.ReadAllLines(Path.Combine(directory, "metrics.jsonl"))
            .Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement.GetProperty("epoch").GetInt32());
        Assert.Equal(new[] { 1, 2, 3, 4, 5 }, epochs);
        var csv = File.ReadAllLines(Path.Combine(directory, "metrics.csv"));
        Assert.Equal(new[] { "1", "2", "3", "4", "5" }, csv.Skip(1).Select(row => row.Split(',')[0]));
    }

    private static int EpochIn(string checkpoint)
    {
        using var model = new TinyVae();
        var trainer = new Trainer(model, Fast with { Epochs = 5 });
        trainer.Resume(checkpoint);
        return trainer.CompletedEpochs;
    }

    [Fact]
    public void ACorruptCheckpointIsRejectedWithItsPath()
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "bad.ckpt");
        File.WriteAllText(path, "not a checkpoint");
        var error = Assert.Throws<InvalidFileException>(() => new Trainer(new TinyVae(), Fast).Resume(path));
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void EarlyStoppingEndsTheRunWhenValidationStopsImproving()
    {
        var train = TinyVae.SyntheticData(256, seed: 1);
        Seeding.Set(0);
        // A zero learning-rate schedule after the first epoch freezes the model; the validation loss then only
        // fluctuates with sampling noise, so it cannot improve on the best for long.
        var options = Fast with
        {
            Epochs = 30,
            ValidationFraction = 0.25,
            EarlyStoppingPatience = 2,
            LearningRateSchedule = LearningRateSchedule.Step(everyEpochs: 1, gamma: 1e-30),
        };
        var trainer = new Trainer(new TinyVae(), options);
        var history = trainer.Fit(train);

        Assert.True(trainer.StoppedEarly);
        Assert.True(history.Count < 30, $"ran {history.Count} epochs");
        Assert.All(history, m => Assert.NotNull(m.ValidationLoss));
        var best = history.Select(m => m.ValidationLoss!.Value).Min();
        Assert.All(history.Skip(history.Count - 2), m => Assert.True(m.ValidationLoss >= best));
    }

    [Fact]
    public void LearningRateSchedulesFollowTheirFormulas()
    {
        static TrainingProgress At(int epoch, long step = 0) => new(epoch, 10, step, 4);
        var step = LearningRateSchedule.Step(everyEpochs: 3, gamma: 0.5);
        Assert.Equal(1.0, step.Factor(At(2)));
        Assert.Equal(0.5, step.Factor(At(3)));
        Assert.Equal(0.125, step.Factor(At(9)));

        var cosine = LearningRateSchedule.Cosine(minimumFactor: 0.1);
        Assert.Equal(1.0, cosine.Factor(At(0)), 12);
        Assert.Equal(0.55, cosine.Factor(At(5)), 12);
        Assert.Equal(0.1, cosine.Factor(TrainingProgress.Evaluation), 12);

        var warmup = LearningRateSchedule.Warmup(epochs: 1);
        Assert.Equal(0.25, warmup.Factor(At(0, 0)));
        Assert.Equal(1.0, warmup.Factor(At(0, 3)));
        Assert.Equal(1.0, warmup.Factor(At(4)));
    }
}
