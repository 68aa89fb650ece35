using System;
using System.Collections.Generic;
using System.Linq;
using FlowVaeExample;
using VaeDsl.Examples;
using VaeDsl.Runtime;
using VaeDsl.Runtime.Runs;

// Trains the three models of FlowVae.vae, one MLP VAE with a diagonal Normal posterior, with planar steps and with
// inverse autoregressive steps, for the same number of epochs with the same seed on the shipped MNIST digits, and
// compares their test log p(x) estimated the same way (k = 100 importance samples, each weighted by the flowed
// density). Each model's pictures go to its own sub-folder.
const int LogLikelihoodSamples = 100;
const long LogLikelihoodExamples = 2000;

var usage = MnistExample.Usage("FlowVae",
    "trains the three models of FlowVae.vae, NormalPosterior, PlanarPosterior (8 amortised planar steps) and IafPosterior (2 IAF steps), on MNIST digits, each into its own sub-folder of the output folder, and compares their test log p(x).",
    new NormalPosteriorOptions().Train.Epochs, new NormalPosteriorOptions().Train.Seed, "FlowVae.vae, for each model") with { LogLikelihoodExamples = $"{LogLikelihoodExamples}" };

return TrainingRun.Execute(args, usage, commandLine =>
{
    var (train, test) = TrainingRun.LoadData(commandLine, NormalPosterior.DefaultInputShape, needsLabels: false);

    // The three models are trained and measured alike, each with its own seed and sub-folder.
    var comparison = new ModelComparison(commandLine, train, test, LogLikelihoodSamples, LogLikelihoodExamples);

    var results = new List<(string Name, RunReport Report, double Seconds)>();
    void Add<TModel>(string name, ComparedRun<TModel> run) where TModel : VaeModule => results.Add((name, run.Report, run.Seconds));
    Add("NormalPosterior (diagonal Normal)", comparison.Train("NormalPosterior", "normal", () => new NormalPosterior(), new NormalPosteriorOptions().Train));
    Add("PlanarPosterior (8 amortised planar steps)", comparison.Train("PlanarPosterior", "planar", () => new PlanarPosterior(), new PlanarPosteriorOptions().Train));
    Add("IafPosterior (2 IAF steps)", comparison.Train("IafPosterior", "iaf", () => new IafPosterior(), new IafPosteriorOptions().Train));

    if (results.Exists(r => r.Report.TestLogLikelihood is null)) return 0;
    Console.WriteLine();
    Console.WriteLine($"test log p(x), k = {commandLine.LogLikelihoodSamples ?? LogLikelihoodSamples}, after {results[0].Report.History.Count} epochs each (higher is better):");
    var width = results.Max(r => r.Name.Length);
    foreach (var (name, report, seconds) in results)
    {
        Console.WriteLine($"  {name.PadRight(width)} {report.TestLogLikelihood,8:F2} nats   {report.TestLogLikelihood - results[0].Report.TestLogLikelihood,+6:+0.00;-0.00;0.00} against the Normal   {seconds,6:F0} s");
    }
    return 0;
});
