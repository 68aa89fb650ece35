using System.IO;
using ConditionalVaeExample;
using VaeDsl.Examples;
using VaeDsl.Runtime;
using VaeDsl.Runtime.Images;
using VaeDsl.Runtime.Likelihoods;
using VaeDsl.Runtime.Runs;
using static TorchSharp.torch;

// Trains the conditional VAE of ConditionalVae.vae on the shipped MNIST digits (the labels are the condition) and
// writes samples.png with 64 prior samples of the digit chosen by --digit, and digits.png: one row per digit 0–9,
// one column per prior sample z, so a column shows one style written as every digit.
const int Columns = 10;
var digit = 0;

const int DefaultDigit = 7;
var usage = MnistExample.Usage("ConditionalVae",
    "trains the conditional VAE of ConditionalVae.vae on MNIST digits and their labels and writes metrics.*, model.weights, its pictures and digits.png to the output folder.",
    new ConditionalVaeOptions().Train.Epochs, new ConditionalVaeOptions().Train.Seed, "ConditionalVae.vae") with
{
    Extras = [new("--digit", "D", $"{DefaultDigit}", "the digit, 0 to 9, that samples.png shows")],
};

return TrainingRun.Run(args, usage, commandLine =>
{
    digit = commandLine.Integer("--digit", DefaultDigit, 0, 9);
    var defaults = new ConditionalVaeOptions();
    var options = defaults with { Train = defaults.Train with { Epochs = commandLine.Epochs ?? defaults.Train.Epochs, Seed = commandLine.Seed ?? defaults.Train.Seed } };
    Seeding.Set(options.Train.Seed);
    return new(new ConditionalVae(options), options.Train with { OutputDirectory = commandLine.OutputDirectory })
    {
        SampleCondition = full(64, digit, dtype: ScalarType.Int64),
    };
},
(model, test, output) =>
{
    var cvae = (ConditionalVae)model;
    var styles = randn(Columns, cvae.Options.Latent, device: cvae.Device).repeat(ConditionalVae.ConditionSize, 1);
    var labels = arange(ConditionalVae.ConditionSize, dtype: ScalarType.Int64, device: cvae.Device).repeat_interleave(Columns);
    var images = BernoulliLikelihood.Mean(cvae.Decode(styles, labels));
    ImageGrid.SavePng(Path.Combine(output, "digits.png"), images, columns: Columns, scale: 2);
    System.Console.WriteLine($"Wrote digits.png (rows: digits 0–9; columns: {Columns} prior samples); samples.png shows the digit {digit}");
});
