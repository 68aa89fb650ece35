using System;
using HierarchicalExample;
using VaeDsl.Examples;
using VaeDsl.Runtime.Evaluation;
using VaeDsl.Runtime.Runs;
using static TorchSharp.torch;

// Trains the three models of Hierarchical.vae, Burda et al.'s one- and two-stochastic-layer VAEs and the two-layer one
// inferred top-down (the Ladder VAE), for the same number of epochs on the shipped MNIST digits, and compares their
// test log p(x), estimated the same way (k = 100 importance samples on every test digit; for a two-layer model each
// sample is a whole path of both latents), and the active units of each stochastic layer. Each model's pictures go to
// its own sub-folder.
const int LogLikelihoodSamples = 100;
const long LogLikelihoodExamples = 2000;

var usage = MnistExample.Usage("Hierarchical",
    "trains the three models of Hierarchical.vae, OneLayer (z: 50), TwoLayer (z1: 100, z2: 50, bottom-up inference) and Ladder (the same layers, top-down inference), on MNIST digits, each into its own sub-folder of the output folder, and compares their test log p(x) and active units per layer.",
    new OneLayerOptions().Train.Epochs, new OneLayerOptions().Train.Seed, "Hierarchical.vae, for each model") with { LogLikelihoodExamples = $"{LogLikelihoodExamples}" };

return TrainingRun.Execute(args, usage, commandLine =>
{
    var (train, test) = TrainingRun.LoadData(commandLine, OneLayer.DefaultInputShape, needsLabels: false);

    var comparison = new ModelComparison(commandLine, train, test, LogLikelihoodSamples, LogLikelihoodExamples);
    var oneDefaults = new OneLayerOptions();
    var oneOptions = oneDefaults with { Train = comparison.Training(oneDefaults.Train) };
    var (oneLayer, one, _) = comparison.Train("OneLayer", "one-layer", () => new OneLayer(oneOptions), oneOptions.Train);

    var twoDefaults = new TwoLayerOptions();
    var twoOptions = twoDefaults with { Train = comparison.Training(twoDefaults.Train) };
    var (twoLayer, two, _) = comparison.Train("TwoLayer", "two-layer", () => new TwoLayer(twoOptions), twoOptions.Train);

    var ladderDefaults = new LadderOptions();
    var ladderOptions = ladderDefaults with { Train = comparison.Training(ladderDefaults.Train) };
    var (ladder, top, _) = comparison.Train("Ladder", "ladder", () => new Ladder(ladderOptions), ladderOptions.Train);

    // Active units of each stochastic layer (Burda et al.): the variance over the test digits of each dimension's
    // posterior mean, the second layer's read at the first layer's posterior mean bottom-up (Encode follows the means).
    int oneActive, z1Active, z2Active, ladderZ1Active, ladderZ2Active;
    using (no_grad())
    using (NewDisposeScope())
    {
        var inputs = test.Inputs.to(twoLayer.Device);
        oneActive = ActiveUnits.Count(oneLayer.Encode(inputs.to(oneLayer.Device)).Z.Mean);
        var posterior = twoLayer.Encode(inputs);
        z1Active = ActiveUnits.Count(posterior.Z1.Mean);
        z2Active = ActiveUnits.Count(posterior.Z2.Mean);
        var ladderPosterior = ladder.Encode(inputs.to(ladder.Device));
        ladderZ1Active = ActiveUnits.Count(ladderPosterior.Z1.Mean);
        ladderZ2Active = ActiveUnits.Count(ladderPosterior.Z2.Mean);
    }

    Console.WriteLine();
    Console.WriteLine($"test log p(x), k = {commandLine.LogLikelihoodSamples ?? LogLikelihoodSamples}, after {oneOptions.Train.Epochs} epochs each (higher is better):");
    if (one.TestLogLikelihood is { } oneLl) Console.WriteLine($"  OneLayer (z: 50)             {oneLl,8:F2} nats   active units z {oneActive}/50");
    if (two.TestLogLikelihood is { } twoLl) Console.WriteLine($"  TwoLayer (z1: 100, z2: 50)   {twoLl,8:F2} nats   active units z1 {z1Active}/100, z2 {z2Active}/50");
    if (top.TestLogLikelihood is { } ladderLl) Console.WriteLine($"  Ladder (top-down)            {ladderLl,8:F2} nats   active units z1 {ladderZ1Active}/100, z2 {ladderZ2Active}/50");
    if (one.TestLogLikelihood is { } a && two.TestLogLikelihood is { } b) Console.WriteLine($"  difference (two − one)       {b - a,8:F2} nats");
    if (one.TestLogLikelihood is { } c && top.TestLogLikelihood is { } d) Console.WriteLine($"  difference (ladder − one)    {d - c,8:F2} nats");
    return 0;
});
