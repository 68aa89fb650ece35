using System;
using System.IO;
using VaeDsl.Runtime;
using VaeDsl.Runtime.Data;
using VaeDsl.Runtime.Images;
using VaeDsl.Runtime.Training;
using static TorchSharp.torch;

namespace VaeDsl.Examples;

/// <summary>What every MNIST example does around its own model: parse the command line, load the shipped
/// digits, train with one line per epoch, and write reconstructions and prior samples.</summary>
public static class ExampleRunner
{
    /// <summary>A model built for a run, with the trainer settings it asked for.</summary>
    public sealed record Setup(VaeModule Model, TrainingOptions Training);

    /// <summary>Runs an example and returns the process exit code.</summary>
    /// <param name="args">The command line (see <see cref="ExampleCommandLine.Usage"/>).</param>
    /// <param name="name">The model's name, for messages.</param>
    /// <param name="create">Builds the model from the command line: applies --epochs and --seed to the options, seeds, constructs.</param>
    /// <param name="afterTraining">Extra pictures or figures of the example, given the trained model and the test set.</param>
    public static int Run(string[] args, string name, Func<ExampleCommandLine, Setup> create, Action<VaeModule, TensorDataSet, string>? afterTraining = null)
    {
        var commandLine = ExampleCommandLine.Parse(args, Path.Combine(AppContext.BaseDirectory, "data", "mnist"));
        if (commandLine is null) return 2;
        try
        {
            var (trainImages, trainLabels) = Mnist.Load(commandLine.DataDirectory, "train");
            var (testImages, testLabels) = Mnist.Load(commandLine.DataDirectory, "test");
            var train = new TensorDataSet(trainImages, trainLabels);
            var test = new TensorDataSet(testImages, testLabels);
            if (commandLine.TrainLimit is { } limit) train = train.Take(limit);

            var (model, training) = create(commandLine);
            Console.WriteLine($"{name}: {model.ParameterCount:N0} parameters; {train.Count:N0} training and {test.Count:N0} test images; {training.Epochs} epochs.");
            var trainer = new Trainer(model, training);
            trainer.Fit(train, test, epoch => Console.WriteLine(
                $"epoch {epoch.Epoch,3}   train {epoch.TrainLoss,8:F2}   test {epoch.TestLoss,8:F2}   nats/image   {epoch.Seconds,5:F1} s"));

            model.eval();
            using (no_grad())
            {
                var originals = test.Inputs[..16];
                var condition = test.Labels?[..16];
                ImageGrid.SaveComparison(Path.Combine(commandLine.OutputDirectory, "reconstructions.png"), originals, model.Reconstruct(originals, condition));
                ImageGrid.SavePng(Path.Combine(commandLine.OutputDirectory, "samples.png"), model.Sample(64), columns: 8);
                afterTraining?.Invoke(model, test, commandLine.OutputDirectory);
            }
            Console.WriteLine($"Wrote metrics.jsonl, metrics.csv, reconstructions.png and samples.png to {commandLine.OutputDirectory}");
            return 0;
        }
        catch (Exception exception) when (exception is IOException or TrainingDivergedException or ModelShapeException)
        {
            Console.Error.WriteLine($"error: {exception.Message}");
            return 1;
        }
    }
}
