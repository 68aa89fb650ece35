using System;
using System.IO;
using IwaeExample;
using VaeDsl.Examples;
using VaeDsl.Runtime;

// Trains the two models of Iwae.vae, the same networks under the ELBO and under the importance-weighted bound
// (k = 5), for the same number of epochs on the shipped MNIST digits, and compares their test log p(x) estimated
// the same way (k = 100 importance samples on every test digit). Each model's pictures go to its own sub-folder.
const int LogLikelihoodSamples = 100;
const long LogLikelihoodExamples = 2000;

return ExampleRunner.Execute(args, ExampleRunner.MnistFolder, Array.Empty<string>(), commandLine =>
{
    var (train, test) = ExampleRunner.LoadMnist(commandLine);

    var plainDefaults = new PlainVaeOptions();
    var plainOptions = plainDefaults with { Epochs = commandLine.Epochs ?? plainDefaults.Epochs, Seed = commandLine.Seed ?? plainDefaults.Seed };
    var plainFolder = Path.Combine(commandLine.OutputDirectory, "plain-vae");
    Seeding.Set(plainOptions.Seed);
    var plain = ExampleRunner.TrainAndReport("PlainVae", new(new PlainVae(plainOptions), plainOptions.ToTrainingOptions(plainFolder))
    {
        LogLikelihoodSamples = LogLikelihoodSamples,
        LogLikelihoodExamples = commandLine.LogLikelihoodExamples ?? LogLikelihoodExamples,
    }, train, test, plainFolder);

    var iwaeDefaults = new ImportanceWeightedVaeOptions();
    var iwaeOptions = iwaeDefaults with { Epochs = commandLine.Epochs ?? iwaeDefaults.Epochs, Seed = commandLine.Seed ?? iwaeDefaults.Seed };
    var iwaeFolder = Path.Combine(commandLine.OutputDirectory, "iwae");
    Seeding.Set(iwaeOptions.Seed);
    var iwae = ExampleRunner.TrainAndReport("ImportanceWeightedVae", new(new ImportanceWeightedVae(iwaeOptions), iwaeOptions.ToTrainingOptions(iwaeFolder))
    {
        LogLikelihoodSamples = LogLikelihoodSamples,
        LogLikelihoodExamples = commandLine.LogLikelihoodExamples ?? LogLikelihoodExamples,
    }, train, test, iwaeFolder);

    if (plain.TestLogLikelihood is null || iwae.TestLogLikelihood is null) return 0;
    Console.WriteLine();
    Console.WriteLine($"test log p(x), k = {LogLikelihoodSamples}, after {plainOptions.Epochs} epochs each (higher is better):");
    Console.WriteLine($"  PlainVae (ELBO)                  {plain.TestLogLikelihood,8:F2} nats   active units {plain.ActiveUnits}");
    Console.WriteLine($"  ImportanceWeightedVae (IWAE k=5) {iwae.TestLogLikelihood,8:F2} nats   active units {iwae.ActiveUnits}");
    Console.WriteLine($"  difference (IWAE − VAE)          {iwae.TestLogLikelihood - plain.TestLogLikelihood,8:F2} nats");
    return 0;
});
