using System;
using System.IO;
using MnistMlpExample;
using VaeDsl.Examples;
using VaeDsl.Runtime;
using VaeDsl.Runtime.Data;
using VaeDsl.Runtime.Images;
using VaeDsl.Runtime.Training;
using static TorchSharp.torch;

// Trains the model of MnistMlp.vae on the MNIST digits shipped in data/mnist and writes
// metrics.jsonl, reconstructions.png and samples.png to the output folder.
var commandLine = ExampleCommandLine.Parse(args, Path.Combine(AppContext.BaseDirectory, "data", "mnist"));
if (commandLine is null) return 2;

var options = new MnistMlpOptions();
options = options with
{
    Epochs = commandLine.Epochs ?? options.Epochs,
    Seed = commandLine.Seed ?? options.Seed,
};

try
{
    var (trainImages, trainLabels) = Mnist.Load(commandLine.DataDirectory, "train");
    var (testImages, testLabels) = Mnist.Load(commandLine.DataDirectory, "test");
    var train = new TensorDataSet(trainImages, trainLabels);
    var test = new TensorDataSet(testImages, testLabels);
    if (commandLine.TrainLimit is { } limit) train = train.Take(limit);

    Seeding.Set(options.Seed);
    var model = new MnistMlp(options);
    Console.WriteLine($"MnistMlp: {model.ParameterCount:N0} parameters; {train.Count:N0} training and {test.Count:N0} test images; {options.Epochs} epochs.");

    var trainer = new Trainer(model, options.ToTrainingOptions(commandLine.OutputDirectory));
    trainer.Fit(train, test, epoch => Console.WriteLine(
        $"epoch {epoch.Epoch,3}   train {epoch.TrainLoss,8:F2}   test {epoch.TestLoss,8:F2}   nats/image   {epoch.Seconds,5:F1} s"));

    model.eval();
    using (no_grad())
    {
        var originals = test.Inputs[..16];
        ImageGrid.SaveComparison(Path.Combine(commandLine.OutputDirectory, "reconstructions.png"), originals, model.Reconstruct(originals));
        ImageGrid.SavePng(Path.Combine(commandLine.OutputDirectory, "samples.png"), model.Sample(64), columns: 8);
    }
    Console.WriteLine($"Wrote metrics.jsonl, reconstructions.png and samples.png to {commandLine.OutputDirectory}");
    return 0;
}
catch (Exception exception) when (exception is IOException or InvalidDataException or TrainingDivergedException)
{
    Console.Error.WriteLine($"error: {exception.Message}");
    return 1;
}
