using System;
using System.IO;
using BetaVaeExample;
using VaeDsl.Examples;
using VaeDsl.Runtime;
using VaeDsl.Runtime.Images;
using VaeDsl.Runtime.Likelihoods;
using static TorchSharp.torch;

// Trains the β-VAE of BetaVae.vae on the shipped MNIST digits and writes, besides the common pictures,
// traversals.png: one row per latent dimension, that dimension swept from −3 to 3 with the others held at the
// posterior mean of a test digit. --beta overrides the .vae's β (1 gives the plain VAE, to compare active units).
const int Steps = 11;

return ExampleRunner.Run(args, "BetaVae", new[] { "--beta" }, commandLine =>
{
    var defaults = new BetaVaeOptions();
    var options = defaults with
    {
        Beta = commandLine.Number("--beta", defaults.Beta),
        Epochs = commandLine.Epochs ?? defaults.Epochs,
        Seed = commandLine.Seed ?? defaults.Seed,
    };
    if (options.Beta < 0) throw new FormatException($"option '--beta' must not be negative, not {options.Beta}.");
    Console.WriteLine($"β = {options.Beta}");
    Seeding.Set(options.Seed);
    return new(new BetaVae(options), options.ToTrainingOptions(commandLine.OutputDirectory));
},
(model, test, output) =>
{
    var betaVae = (BetaVae)model;
    var origin = betaVae.Encode(test.Inputs[..1]).Z.Mean[0];
    var codes = LatentPaths.Traversal(origin, Steps, range: 3.0);
    var images = BernoulliLikelihood.Mean(betaVae.Decode(codes));
    ImageGrid.SavePng(Path.Combine(output, "traversals.png"), images, columns: Steps, scale: 2);
    Console.WriteLine($"Wrote traversals.png ({origin.shape[0]} dimensions × {Steps} steps from −3 to 3)");
});
