using MnistConvExample;
using VaeDsl.Examples;
using VaeDsl.Runtime;
using VaeDsl.Runtime.Runs;

// Trains the convolutional VAE of MnistConv.vae on the shipped MNIST digits.
var usage = MnistExample.Usage("MnistConv",
    "trains the convolutional VAE of MnistConv.vae (2-d latent) on MNIST digits and writes metrics.*, model.weights and its pictures to the output folder.",
    new MnistConvOptions().Train.Epochs, new MnistConvOptions().Train.Seed, "MnistConv.vae") with { LogLikelihoodExamples = "200" };

return TrainingRun.Run(args, usage, commandLine =>
{
    var defaults = new MnistConvOptions();
    var options = defaults with { Train = defaults.Train with { Epochs = commandLine.Epochs ?? defaults.Train.Epochs, Seed = commandLine.Seed ?? defaults.Train.Seed } };
    Seeding.Set(options.Train.Seed);
    // The transposed-convolution decoder makes the 100-sample log p(x) estimate costly: 200 test digits keep it short.
    return new(new MnistConv(options), options.Train with { OutputDirectory = commandLine.OutputDirectory }) { LogLikelihoodExamples = 200 };
});
