using CustomLayerExample;
using VaeDsl.Examples;
using VaeDsl.Runtime;
using VaeDsl.Runtime.Runs;

// Trains the model of HighwayMlp.vae, whose custom layers are the Highway module of Highway.cs, on the MNIST digits
// shipped in data/mnist, and writes metrics.jsonl, reconstructions.png and samples.png to the output folder.
var usage = MnistExample.Usage("CustomLayer",
    "trains the VAE of HighwayMlp.vae (the PyTorch example's MLP with a highway layer of this project's C# in the encoder and the decoder) on MNIST digits and writes metrics.*, model.weights and its pictures to the output folder.",
    new HighwayMlpOptions().Train.Epochs, new HighwayMlpOptions().Train.Seed, "HighwayMlp.vae");

return TrainingRun.Run(args, usage, commandLine =>
{
    var defaults = new HighwayMlpOptions();
    var options = defaults with { Train = defaults.Train with { Epochs = commandLine.Epochs ?? defaults.Train.Epochs, Seed = commandLine.Seed ?? defaults.Train.Seed } };
    Seeding.Set(options.Train.Seed);
    return new(new HighwayMlp(options), options.Train with { OutputDirectory = commandLine.OutputDirectory });
});
