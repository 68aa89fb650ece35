using System;
using System.IO;
using System.Linq;
using BetaVaeExample;
using VaeDsl.Examples;
using VaeDsl.Runtime;
using VaeDsl.Runtime.Data;
using VaeDsl.Runtime.Evaluation;
using VaeDsl.Runtime.Images;
using VaeDsl.Runtime.Likelihoods;
using VaeDsl.Runtime.Runs;
using VaeDsl.Runtime.Training;
using static TorchSharp.torch;

// Trains the β-VAE of BetaVae.vae on the shipped MNIST digits and writes, besides the common pictures,
// traversals.png: one row per latent dimension, that dimension swept from −3 to 3 with the others held at the
// posterior mean of a test digit. --beta overrides the .vae's β (1 gives the plain VAE, to compare active units).
const int Steps = 11;

var usage = MnistExample.Usage("BetaVae",
    "trains the β-VAE of BetaVae.vae on MNIST digits and writes metrics.*, model.weights, its pictures and traversals.png to the output folder, and prints each latent dimension's use.",
    new BetaVaeOptions().Train.Epochs, new BetaVaeOptions().Train.Seed, "BetaVae.vae") with
{
    Extras = [new("--beta", "B", $"{new BetaVaeOptions().Beta}, from BetaVae.vae", "the weight of the KL term; 1 gives the plain VAE")],
};

return TrainingRun.Run(args, usage, commandLine =>
{
    var defaults = new BetaVaeOptions();
    var options = defaults with
    {
        Beta = commandLine.Number("--beta", defaults.Beta),
        Train = defaults.Train with { Epochs = commandLine.Epochs ?? defaults.Train.Epochs, Seed = commandLine.Seed ?? defaults.Train.Seed },
    };
    if (options.Beta < 0) throw new FormatException($"option '--beta' must not be negative, not {options.Beta}.");
    Console.WriteLine($"β = {options.Beta}");
    Seeding.Set(options.Train.Seed);
    return new(new BetaVae(options), options.Train with { OutputDirectory = commandLine.OutputDirectory });
},
(model, test, output) =>
{
    var betaVae = (BetaVae)model;
    var origin = betaVae.Encode(ComputeDevice.To(test.Inputs[..1], betaVae.Device)).Z.Mean[0];
    var codes = LatentPaths.Traversal(origin, Steps, range: 3.0);
    var images = BernoulliLikelihood.Mean(betaVae.Decode(codes));
    ImageGrid.SavePng(Path.Combine(output, "traversals.png"), images, columns: Steps, scale: 2);
    Console.WriteLine($"Wrote traversals.png ({origin.shape[0]} dimensions × {Steps} steps from −3 to 3)");
    PrintLatentUsage(betaVae, test);
});

// Per dimension, on the test set: the variance of the posterior mean (the active-units statistic, threshold 0.01)
// and the mean KL to the N(0, 1) prior, the nats the dimension carries. Sorted by KL, largest first.
static void PrintLatentUsage(BetaVae model, TensorDataSet test)
{
    using var scope = NewDisposeScope();
    using var noGrad = no_grad();
    model.eval();
    var means = new System.Collections.Generic.List<Tensor>();
    Tensor? klSum = null;
    for (long start = 0; start < test.Count; start += 500)
    {
        var posterior = model.Encode(ComputeDevice.To(test.Inputs.narrow(0, start, Math.Min(500, test.Count - start)), model.Device)).Z;
        means.Add(posterior.Mean);
        var kl = posterior.KlToStandardNormalPerDimension().to(ScalarType.Float64).sum(dim: 0);
        klSum = klSum is null ? kl : klSum + kl;
    }

    var variances = ActiveUnits.Variances(cat(means.ToArray(), 0));
    var klPerDimension = klSum!.cpu().data<double>().Select(v => v / test.Count).ToArray();
    Console.WriteLine("dimension   variance of the posterior mean   mean KL to N(0, 1)");
    foreach (var d in Enumerable.Range(0, variances.Length).OrderByDescending(d => klPerDimension[d]))
    {
        Console.WriteLine($"{d + 1,9}   {variances[d],30:F4}   {klPerDimension[d],13:F3} nats{(variances[d] > 0.01 ? string.Empty : "   (inactive)")}");
    }
}
