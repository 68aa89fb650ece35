using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using VaeDsl.Runtime;
using VaeDsl.Runtime.Data;
using VaeDsl.Runtime.Evaluation;
using VaeDsl.Runtime.Training;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Runs;

/// <summary>What every training program (the example programs, <c>vae train</c>) does around its model: parse the
/// command line, load the data, train with one line per epoch, and write the pictures and figures of
/// <see cref="RunReport"/>.</summary>
public static class TrainingRun
{
    /// <summary>A model built for a run, with the trainer settings it asked for.</summary>
    public sealed record Setup(VaeModule Model, TrainingOptions Training)
    {
        /// <summary>The model's name in the run's first line; null gives the program's name.</summary>
        public string? Name { get; init; }

        /// <summary>The condition of the 64 prior samples of samples.png (for example labels [64]); null for an unconditional model.</summary>
        public Tensor? SampleCondition { get; init; }

        /// <summary>Importance samples per example of the test log p(x) estimate (<c>--loglik-samples K</c>).</summary>
        public int LogLikelihoodSamples { get; init; } = 100;

        /// <summary>Test examples whose importance samples are decoded at once in the log p(x) estimate
        /// (<c>--loglik-batch N</c>): the estimate's memory bound, one decoder pass over this many examples.</summary>
        public int LogLikelihoodBatch { get; init; } = 1000;

        /// <summary>How many test examples (the first ones) the log p(x) estimate averages over (0: no estimate); it
        /// costs <see cref="LogLikelihoodSamples"/> decoder passes per example, minutes for a conv decoder on a busy machine.
        /// <c>--loglik-examples N</c> overrides it.</summary>
        public long LogLikelihoodExamples { get; init; } = 500;

        /// <summary>At most about this many epoch lines for a run of many short epochs: the line of every
        /// ⌈epochs / n⌉-th epoch, of the run's first and of the last; null prints every epoch's line. A short run
        /// (n epochs or fewer) prints every line either way.</summary>
        public int? EpochLines { get; init; }

        /// <summary>When set (<c>--init FILE</c>), the weights the model starts from (any format of
        /// <see cref="VaeModule.LoadWeights"/>); a resumed checkpoint wins over them.</summary>
        public string? InitialWeights { get; init; }

        /// <summary>When set (<c>--checkpoint-every N</c>), checkpoint.ckpt in the output folder is written every N epochs
        /// and resumed from when a run starts and finds it.</summary>
        public int? CheckpointEvery { get; init; }
    }

    /// <summary>Runs a training program on a data folder and returns the process exit code.</summary>
    /// <param name="args">The command line (see <see cref="RunCommandLine"/>).</param>
    /// <param name="usage">The program's name, options and defaults, for messages and <c>--help</c>.</param>
    /// <param name="create">Builds the model from the command line: applies --epochs and --seed to the options, seeds, constructs.</param>
    /// <param name="afterTraining">Extra pictures or figures of the program, given the trained model and the test set.</param>
    public static int Run(string[] args, RunUsage usage, Func<RunCommandLine, Setup> create, Action<VaeModule, TensorDataSet, string>? afterTraining = null) =>
        Execute(args, usage, commandLine =>
        {
            // The model first: its input shape and condition tell the data folder how to read the files.
            var created = create(commandLine);
            // The device before the data: a missing GPU is said at once, not after loading the files.
            var setup = WithCommandLine(created, commandLine);
            var (train, test) = LoadData(commandLine, created.Model.InputShape, created.Model.UsesCondition);
            TrainAndReport(usage.Program, setup, train, test, commandLine.OutputDirectory);
            using (no_grad())
            {
                setup.Model.eval();
                afterTraining?.Invoke(setup.Model, test, commandLine.OutputDirectory);
            }

            return 0;
        });

    /// <summary>The trained model's weights in the output folder, for <see cref="VaeModule.LoadWeights"/>.</summary>
    public const string WeightsFile = "model.weights";

    /// <summary>The trained model's weights as safetensors, for PyTorch (the exported twin loads them) or <see cref="VaeModule.LoadWeights"/>.</summary>
    public const string SafetensorsFile = "model.safetensors";

    /// <summary>The checkpoint's file name in the output folder (<c>--checkpoint-every</c>).</summary>
    public const string CheckpointFile = "checkpoint.ckpt";

    /// <summary>
    /// Parses the command line and runs <paramref name="body"/>, turning a bad option value (exit code 2) or a
    /// data, training or shape error (exit code 1) into one line on standard error. <c>-h</c> or <c>--help</c> prints
    /// every option with its default on standard output and exits with 0.
    /// </summary>
    public static int Execute(string[] args, RunUsage usage, Func<RunCommandLine, int> body)
    {
        ArgumentNullException.ThrowIfNull(usage);
        ArgumentNullException.ThrowIfNull(body);
        if (RunCommandLine.AsksForHelp(args))
        {
            Console.Out.Write(usage.Help());
            return 0;
        }

        var commandLine = RunCommandLine.Parse(args, usage);
        if (commandLine is null) return 2;
        try
        {
            return body(commandLine);
        }
        catch (FormatException exception)
        {
            Console.Error.WriteLine($"error: {exception.Message} {usage.Short}");
            return 2;
        }
        catch (Exception exception) when (exception is IOException or TrainingDivergedException or NonFiniteEvaluationException or DataSetMismatchException or ModelShapeException or DeviceUnavailableException)
        {
            Console.Error.WriteLine($"error: {exception.Message}");
            return 1;
        }
    }

    /// <summary>
    /// The training set (cut to --train-limit) and test set of the command line's data folder, in any layout that
    /// <see cref="DataFolder"/> recognises (IDX, .npy, .npz, image folders), read for a model taking
    /// <paramref name="inputShape"/> (and labels, when <paramref name="needsLabels"/>), resized and binarised as the
    /// command line asks.
    /// </summary>
    public static (TensorDataSet Train, TensorDataSet Test) LoadData(RunCommandLine commandLine, IReadOnlyList<long> inputShape, bool needsLabels)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        var contents = DataFolder.Load(commandLine.DataDirectory, new DataFolderOptions
        {
            InputShape = inputShape,
            NeedsLabels = needsLabels,
            Resize = commandLine.Resize,
            DynamicBinarization = commandLine.DynamicBinarization,
        });
        Console.WriteLine($"data: {commandLine.DataDirectory} ({contents.Format}{(commandLine.DynamicBinarization ? ", dynamically binarised" : "")})");
        var train = contents.Train;
        if (commandLine.TrainLimit is { } limit) train = train.Take(limit);
        return (train, contents.Test);
    }

    /// <summary>
    /// The setup with the command line's log p(x), checkpoint and device options applied over the example's defaults.
    /// The device is resolved here, so <c>auto</c> prints which device it took and a device that is not there fails
    /// (<see cref="DeviceUnavailableException"/>) before any data is read.
    /// </summary>
    public static Setup WithCommandLine(Setup setup, RunCommandLine commandLine)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(commandLine);
        var device = ComputeDevice.Resolve(commandLine.Device ?? setup.Training.Device, Console.Out);
        return setup with
        {
            Training = setup.Training with { Device = ComputeDevice.Name(device) },
            LogLikelihoodExamples = commandLine.LogLikelihoodExamples ?? setup.LogLikelihoodExamples,
            LogLikelihoodSamples = commandLine.LogLikelihoodSamples ?? setup.LogLikelihoodSamples,
            LogLikelihoodBatch = commandLine.LogLikelihoodBatch ?? setup.LogLikelihoodBatch,
            CheckpointEvery = commandLine.CheckpointEvery ?? setup.CheckpointEvery,
            InitialWeights = commandLine.InitialWeights ?? setup.InitialWeights,
        };
    }

    /// <summary>
    /// Trains the model of <paramref name="setup"/> printing one line per epoch, then writes to
    /// <paramref name="outputDirectory"/> loss_curves.png, and for image inputs reconstructions.png and samples.png,
    /// and when the model gives posterior means latent_scatter.png; prints the test log p(x) estimate and the active
    /// units when the model supports them. The data sets' labels are the models' conditions and the scatter's colours.
    /// </summary>
    public static RunReport TrainAndReport(string name, Setup setup, TensorDataSet train, TensorDataSet test, string outputDirectory)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        var model = setup.Model;
        var lineEvery = setup.EpochLines is int lines ? Math.Max(1, (setup.Training.Epochs + lines - 1) / Math.Max(1, lines)) : 1;
        var lineNote = lineEvery > 1 ? $" (a line every {lineEvery} epochs)" : string.Empty;
        Console.WriteLine($"{setup.Name ?? name}: {model.ParameterCount:N0} parameters; {train.Count:N0} training and {test.Count:N0} test examples; {setup.Training.Epochs} epochs{lineNote}.");
        var training = setup.CheckpointEvery is int every
            ? setup.Training with { CheckpointPath = Path.Combine(outputDirectory, CheckpointFile), CheckpointEvery = every }
            : setup.Training;
        var trainer = new Trainer(model, training);
        if (training.CheckpointPath is { } checkpoint && File.Exists(checkpoint))
        {
            trainer.Resume(checkpoint);
            Console.WriteLine($"resuming from {checkpoint} after epoch {trainer.CompletedEpochs} (delete it to start over)");
        }
        else if (setup.InitialWeights is { } initial)
        {
            model.LoadWeights(initial);
            Console.WriteLine($"starting from the weights in {initial}");
        }

        var firstEpoch = trainer.CompletedEpochs + 1;
        trainer.Fit(train, test, epoch =>
        {
            if (epoch.Epoch % lineEvery == 0 || epoch.Epoch == firstEpoch || epoch.Epoch == setup.Training.Epochs)
            {
                var statistics = string.Concat(epoch.Statistics.Select(s => $"   {s.Key} {s.Value:0.###}"))
                    + string.Concat(epoch.TestStatistics.Select(s => $"   test {s.Key} {s.Value:0.###}"));
                Console.WriteLine($"epoch {epoch.Epoch,3}   train {epoch.TrainLoss,8:F2}   test {epoch.TestLoss,8:F2}   nats/example   {epoch.Seconds,5:F1} s{statistics}");
            }
        });

        // The whole run's epochs, those restored from the checkpoint included, for the curves and the report.
        var history = trainer.History;
        model.SaveWeights(Path.Combine(outputDirectory, WeightsFile));
        model.SaveWeights(Path.Combine(outputDirectory, SafetensorsFile));
        var written = new List<string> { "metrics.jsonl", "metrics.csv", WeightsFile, SafetensorsFile };
        RunFigures.LossCurves(outputDirectory, history, written);
        model.eval();
        LogLikelihoodEstimate? logLikelihood;
        int? activeUnits;
        double estimateSeconds;
        using (no_grad())
        {
            RunFigures.Images(outputDirectory, model, test, setup.SampleCondition, written);
            activeUnits = RunFigures.LatentSpace(outputDirectory, model, test, written);
            var clock = Stopwatch.StartNew();
            logLikelihood = RunFigures.TestLogLikelihood(model, test, setup.LogLikelihoodSamples, setup.LogLikelihoodExamples, setup.LogLikelihoodBatch);
            estimateSeconds = clock.Elapsed.TotalSeconds;
        }

        if (logLikelihood is { } ll)
        {
            var error = double.IsNaN(ll.StandardError) ? "" : $" ± {ll.StandardError:F2}";
            Console.WriteLine($"test log p(x) ≈ {ll.Mean:F2}{error} nats/example (importance sampling, k = {ll.Samples:N0}, first {ll.Examples:N0} test examples, {estimateSeconds:F1} s)");
        }

        if (activeUnits is int active)
        {
            Console.WriteLine($"active units: {active} (variance over the test set of the posterior mean above 0.01)");
        }

        Console.WriteLine($"Wrote {string.Join(", ", written)} to {outputDirectory}");
        return new RunReport(history, logLikelihood?.Mean, activeUnits);
    }
}
