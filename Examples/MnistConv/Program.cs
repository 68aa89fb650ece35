using MnistConvExample;
using VaeDsl.Examples;
using VaeDsl.Runtime;
using VaeDsl.Runtime.Runs;

// Trains the convolutional VAE of MnistConv.vae on the shipped MNIST digits.
var usage = MnistExample.Usage("MnistConv",
    "trains the convolutional VAE of MnistConv.vae (2-d latent) on MNIST digits and writes metrics.*, model.weights and its pictures to the output folder.",
    new MnistConvOptions().Epochs, new MnistConvOptions().Seed, "MnistConv.vae") with { LogLikelihoodExamples = "200" };

return TrainingRun.Run(args, usage, commandLine =>
{
    var defaults = new MnistConvOptions();
    var options = defaults with { Epochs = commandLine.Epochs ?? defaults.Epochs, Seed = commandLine.Seed ?? defaults.Seed };
    Seeding.Set(options.Seed);
    // The transposed-convolution decoder makes the 100-sample log p(x) estimate costly: 200 test digits keep it short.
    return new(new MnistConv(options), options.ToTrainingOptions(commandLine.OutputDirectory)) { LogLikelihoodExamples = 200 };
});
