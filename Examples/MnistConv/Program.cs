using MnistConvExample;
using VaeDsl.Examples;
using VaeDsl.Runtime;

// Trains the convolutional VAE of MnistConv.vae on the shipped MNIST digits.
return ExampleRunner.Run(args, "MnistConv", commandLine =>
{
    var defaults = new MnistConvOptions();
    var options = defaults with { Epochs = commandLine.Epochs ?? defaults.Epochs, Seed = commandLine.Seed ?? defaults.Seed };
    Seeding.Set(options.Seed);
    return new(new MnistConv(options), options.ToTrainingOptions(commandLine.OutputDirectory));
});
