using System;
using System.Linq;
using VaeDsl.Examples;
using VaeDsl.Runtime;
using VaeDsl.Runtime.Runs;
using VqVaeExample;

// Trains the VQ-VAE of VqVae.vae on the shipped MNIST digits: each epoch line gives the codebook's usage and
// perplexity on the training batches and on the test set; after training the prior over codes is fitted on the training set, and samples.png decodes code grids
// drawn from it.
var usage = MnistExample.Usage("VqVae",
    "trains the VQ-VAE of VqVae.vae (64 codes of 16 numbers at 7 × 7 positions) on MNIST digits and writes metrics.*, model.weights, reconstructions.png and samples.png (from the fitted prior over codes) to the output folder.",
    new VqVaeOptions().Train.Epochs, new VqVaeOptions().Train.Seed, "VqVae.vae");

return TrainingRun.Execute(args, usage, commandLine =>
{
    var defaults = new VqVaeOptions();
    var options = defaults with { Train = defaults.Train with { Epochs = commandLine.Epochs ?? defaults.Train.Epochs, Seed = commandLine.Seed ?? defaults.Train.Seed } };
    Seeding.Set(options.Train.Seed);
    var setup = TrainingRun.WithCommandLine(new TrainingRun.Setup(new VqVae(options), options.Train with { OutputDirectory = commandLine.OutputDirectory }), commandLine);
    var (train, test) = TrainingRun.LoadData(commandLine, VqVae.DefaultInputShape, needsLabels: false);
    var report = TrainingRun.TrainAndReport("VqVae", setup, train, test, commandLine.OutputDirectory);

    var last = report.History.Last();
    Console.WriteLine();
    Console.WriteLine($"after {last.Epoch} epochs ({report.History.Sum(e => e.Seconds):F0} s of training and evaluation):");
    Console.WriteLine($"  test recon   {last.TestTerms?["recon"],8:F2} nats/example (−log p(x|z_q), Bernoulli)");
    Console.WriteLine($"  test vq      {last.TestTerms?["vq"],8:F2}");
    Console.WriteLine($"  usage        {last.Statistics["usage"],8:P0} of {options.Codes} codes in the last epoch");
    Console.WriteLine($"  perplexity   {last.Statistics["perplexity"],8:F1}");
    Console.WriteLine($"  test usage   {last.TestStatistics["usage"],8:P0} of the codes on the test set after the last epoch");
    Console.WriteLine($"  test perplexity {last.TestStatistics["perplexity"],5:F1}");
    return 0;
});
