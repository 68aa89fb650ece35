using System;
using System.Collections.Generic;
using System.Globalization;
using VaeDsl.Runtime.Data;
using VaeDsl.Runtime.Training;

namespace VaeDsl.Runtime.Tests.Training;

/// <summary>
/// The child side of the kill-and-resume test: trains <see cref="TinyVae"/> with a checkpoint every epoch, prints a
/// line after each checkpoint, and in the middle of <see cref="BlockedEpoch"/> announces itself and waits to be killed.
/// </summary>
internal static class KilledTrainingChild
{
    public const string Mode = "train-until-killed";
    public const int Epochs = 4;
    public const int BlockedEpoch = 3;
    public const long Seed = 5;
    public const string CheckpointLine = "checkpoint";
    public const string BlockedLine = "blocked inside epoch";

    /// <summary>The run both processes train: the same data, options and seed.</summary>
    public static (TensorDataSet Train, TensorDataSet Test, TrainingOptions Options) Run() =>
        (TinyVae.SyntheticData(320, seed: 1), TinyVae.SyntheticData(64, seed: 2),
         new TrainingOptions { BatchSize = 64, Epochs = Epochs, LearningRate = 1e-2, Seed = Seed, Threads = 1, Progress = ProgressMode.None });

    public static int Run(string checkpoint, string outputDirectory)
    {
        var (train, test, options) = Run();
        Seeding.Set(Seed);
        var model = new TinyVae();
        var trainer = new Trainer(model, options with
        {
            CheckpointPath = checkpoint,
            OutputDirectory = outputDirectory,
            ProgressReporter = new BlockingReporter(),
        });

        // The epoch callback runs after the checkpoint of that epoch has been written and renamed into place.
        trainer.Fit(train, test, m => Print(string.Format(
            CultureInfo.InvariantCulture, "{0} {1} {2:R} {3:R}", CheckpointLine, m.Epoch, m.TrainLoss, m.TestLoss)));
        Print("finished without being killed");
        return 1;
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

        public override void Update(long stepsDone, double runningTotal, IReadOnlyDictionary<string, double> runningTerms)
        {
            Print($"{BlockedLine} {epoch} after step {stepsDone}");
            // Waits for the parent's kill; if the parent is gone, standard input closes and the child ends by itself.
            Console.In.ReadLine();
            Environment.Exit(3);
        }

        public override void EpochEnded()
        {
        }
    }
}
