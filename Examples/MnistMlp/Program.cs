using MnistMlpExample;
using VaeDsl.Examples;
using VaeDsl.Runtime;

// Trains the model of MnistMlp.vae on the MNIST digits shipped in data/mnist and writes
// metrics.jsonl, reconstructions.png and samples.png to the output folder.
return ExampleRunner.Run(args, "MnistMlp", commandLine =>
{
    var defaults = new MnistMlpOptions();
    var options = defaults with { Epochs = commandLine.Epochs ?? defaults.Epochs, Seed = commandLine.Seed ?? defaults.Seed };
    Seeding.Set(options.Seed);
    return new(new MnistMlp(options), options.ToTrainingOptions(commandLine.OutputDirectory));
});
