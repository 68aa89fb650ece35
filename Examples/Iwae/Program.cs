using System;
using IwaeExample;
using VaeDsl.Examples;
using VaeDsl.Runtime.Runs;

// Trains the two models of Iwae.vae, the same networks under the ELBO and under the importance-weighted bound
// (k = 5), for the same number of epochs on the shipped MNIST digits, and compares their test log p(x) estimated
// the same way (k = 100 importance samples on every test digit). Each model's pictures go to its own sub-folder.
const int LogLikelihoodSamples = 100;
const long LogLikelihoodExamples = 2000;

var usage = MnistExample.Usage("Iwae",
    "trains the two models of Iwae.vae, PlainVae (ELBO) and ImportanceWeightedVae (IWAE, k = 5), on MNIST digits, each into its own sub-folder of the output folder, and compares their test log p(x).",
    new PlainVaeOptions().Train.Epochs, new PlainVaeOptions().Train.Seed, "Iwae.vae, for each model") with { LogLikelihoodExamples = $"{LogLikelihoodExamples}" };

return TrainingRun.Execute(args, usage, commandLine =>
{
    var (train, test) = TrainingRun.LoadData(commandLine, PlainVae.DefaultInputShape, needsLabels: false);

    // Both models are trained and measured alike, each with its own seed and sub-folder.
    var comparison = new ModelComparison(commandLine, train, test, LogLikelihoodSamples, LogLikelihoodExamples);
    var plainDefaults = new PlainVaeOptions();
    var plainOptions = plainDefaults with { Train = comparison.Training(plainDefaults.Train) };
    var plain = comparison.Train("PlainVae", "plain-vae", () => new PlainVae(plainOptions), plainOptions.Train).Report;

    var iwaeDefaults = new ImportanceWeightedVaeOptions();
    var iwaeOptions = iwaeDefaults with { Train = comparison.Training(iwaeDefaults.Train) };
    var iwae = comparison.Train("ImportanceWeightedVae", "iwae", () => new ImportanceWeightedVae(iwaeOptions), iwaeOptions.Train).Report;

    if (plain.TestLogLikelihood is null || iwae.TestLogLikelihood is null) return 0;
    Console.WriteLine();
    Console.WriteLine($"test log p(x), k = {commandLine.LogLikelihoodSamples ?? LogLikelihoodSamples}, after {plainOptions.Train.Epochs} epochs each (higher is better):");
    Console.WriteLine($"  PlainVae (ELBO)                  {plain.TestLogLikelihood,8:F2} nats   active units {plain.ActiveUnits}");
    Console.WriteLine($"  ImportanceWeightedVae (IWAE k=5) {iwae.TestLogLikelihood,8:F2} nats   active units {iwae.ActiveUnits}");
    Console.WriteLine($"  difference (IWAE − VAE)          {iwae.TestLogLikelihood - plain.TestLogLikelihood,8:F2} nats");
    return 0;
});
