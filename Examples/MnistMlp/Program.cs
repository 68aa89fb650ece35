using MnistMlpExample;
using VaeDsl.Examples;
using VaeDsl.Runtime;
using VaeDsl.Runtime.Runs;

// Trains the model of MnistMlp.vae on the MNIST digits shipped in data/mnist and writes
// metrics.jsonl, reconstructions.png and samples.png to the output folder.
var usage = MnistExample.Usage("MnistMlp",
    "trains the VAE of MnistMlp.vae (the PyTorch example's 784-400-20 MLP) on MNIST digits and writes metrics.*, model.weights and its pictures to the output folder.",
    new MnistMlpOptions().Epochs, new MnistMlpOptions().Seed, "MnistMlp.vae");

return TrainingRun.Run(args, usage, commandLine =>
{
    var defaults = new MnistMlpOptions();
    var options = defaults with { Epochs = commandLine.Epochs ?? defaults.Epochs, Seed = commandLine.Seed ?? defaults.Seed };
    Seeding.Set(options.Seed);
    return new(new MnistMlp(options), options.ToTrainingOptions(commandLine.OutputDirectory));
});
