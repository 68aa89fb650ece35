using MnistMlpExample;
using VaeDsl.Examples;
using VaeDsl.Runtime;
using VaeDsl.Runtime.Runs;

// Trains the model of MnistMlp.vae on the MNIST digits shipped in data/mnist and writes
// metrics.jsonl, reconstructions.png and samples.png to the output folder.
var usage = MnistExample.Usage("MnistMlp",
    "trains the VAE of MnistMlp.vae (the PyTorch example's 784-400-20 MLP) on MNIST digits and writes metrics.*, model.weights and its pictures to the output folder.",
    new MnistMlpOptions().Train.Epochs, new MnistMlpOptions().Train.Seed, "MnistMlp.vae");

return TrainingRun.Run(args, usage, commandLine =>
{
    var defaults = new MnistMlpOptions();
    var options = defaults with { Train = defaults.Train with { Epochs = commandLine.Epochs ?? defaults.Train.Epochs, Seed = commandLine.Seed ?? defaults.Train.Seed } };
    Seeding.Set(options.Train.Seed);
    return new(new MnistMlp(options), options.Train with { OutputDirectory = commandLine.OutputDirectory });
});
