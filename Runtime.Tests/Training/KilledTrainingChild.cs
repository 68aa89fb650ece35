using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using VaeDsl.Runtime.Data;
using VaeDsl.Runtime.Training;
using VaeDsl.Runtime.Training.Schedules;

namespace VaeDsl.Runtime.Tests.Training;

/// <summary>
/// The child side of the kill-and-resume tests: trains <see cref="TinyVae"/> with a checkpoint every epoch, prints a
/// line after each epoch, and at its kill point announces itself and waits to be killed. The kill point is either
/// <see cref="MidEpoch"/> (after the second step of <see cref="BlockedEpoch"/>) or a file-write step
/// (<see cref="WriteSteps"/>) written "STEP FILE-NAME OCCURRENCE", e.g. "renamed run.ckpt 2".
/// </summary>
internal static class KilledTrainingChild
{
    public const string Mode = "train-until-killed";
    public const string MidEpoch = "mid-epoch";
    public const int Epochs = 5;
    public const int BlockedEpoch = 3;
    public const long Seed = 5;
    public const string EpochLine = "epoch";
    public const string BlockedLine = "blocked at";

    /// <summary>The run both processes train: the same data, options and seed. Validation, early stopping, a learning-rate
    /// warm-up and a KL warm-up make every piece of trainer state matter.</summary>
    public static (TensorDataSet Train, TensorDataSet Test, TrainingOptions Options) Run() =>
        (TinyVae.SyntheticData(320, seed: 1), TinyVae.SyntheticData(64, seed: 2),
         new TrainingOptions
         {
             BatchSize = 64,
             Epochs = Epochs,
             LearningRate = 1e-2,
             Seed = Seed,
             Threads = 1,
             Progress = ProgressMode.None,
             ValidationFraction = 0.25,
             EarlyStoppingPatience = 2,
             LearningRateSchedule = LearningRateSchedule.Warmup(epochs: 1, then: LearningRateSchedule.Step(everyEpochs: 2, gamma: 1e-30)),
         });

    /// <summary>The model of the run, with its KL warm-up.</summary>
    public static TinyVae Model() => new() { KlWarmup = new LinearWarmup(epochs: 3) };

    public static int Run(string checkpoint, string outputDirectory, string killPoint)
    {
        var (train, test, options) = Run();
        Seeding.Set(Seed);
        var model = Model();
        if (killPoint != MidEpoch)
        {
            WriteSteps.Observer = StopAt(killPoint);
        }

        var trainer = new Trainer(model, options with
        {
            CheckpointPath = checkpoint,
            OutputDirectory = outputDirectory,
            ProgressReporter = killPoint == MidEpoch ? new BlockingReporter() : null,
        });

        trainer.Fit(train, test, m => Print(string.Format(
            CultureInfo.InvariantCulture, "{0} {1} {2:R} {3:R}", EpochLine, m.Epoch, m.TrainLoss, m.TestLoss)));
        Print("finished without being killed");
        return 1;
    }

    private static Action<string> StopAt(string killPoint)
    {
        var parts = killPoint.Split(' ');
        var (step, file, occurrence) = (parts[0], parts[1], int.Parse(parts[2], CultureInfo.InvariantCulture));
        var seen = 0;
        return reached =>
        {
            var space = reached.IndexOf(' ', StringComparison.Ordinal);
            if (reached[..space] == step && Path.GetFileName(reached[(space + 1)..]) == file && ++seen == occurrence)
            {
                Block(killPoint);
            }
        };
    }

    private static void Block(string where)
    {
        Print($"{BlockedLine} {where}");
        // Waits for the parent's kill; if the parent is gone, standard input closes and the child ends by itself.
        Console.In.ReadLine();
        Environment.Exit(3);
    }

    private static void Print(string line)
    {
        Console.Out.WriteLine(line);
        Console.Out.Flush();
    }

    /// <summary>Stops the run after the second step of <see cref="BlockedEpoch"/>, so the kill lands mid-epoch.</summary>
    private sealed class BlockingReporter : ProgressReporter
    {
        private int epoch;

        public override void EpochStarted(int epoch, int epochs, long steps) => this.epoch = epoch;

        public override bool WantsUpdate(long stepsDone) => epoch == BlockedEpoch && stepsDone == 2;

        public override void Update(long stepsDone, double runningTotal, IReadOnlyDictionary<string, double> runningTerms) =>
            Block($"{MidEpoch} {epoch}");

        public override void EpochEnded()
        {
        }
    }
}
