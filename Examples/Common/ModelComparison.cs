using System;
using System.Diagnostics;
using System.IO;
using VaeDsl.Runtime;
using VaeDsl.Runtime.Data;
using VaeDsl.Runtime.Runs;
using VaeDsl.Runtime.Training;

namespace VaeDsl.Examples;

/// <summary>One model of a comparison, trained: the model, its report and the seconds its training and figures took.</summary>
public sealed record ComparedRun<TModel>(TModel Model, RunReport Report, double Seconds) where TModel : VaeModule;

/// <summary>What the examples that compare several models of one file share: every model is trained alike on the same
/// data, seeded with its own seed before it is built, into its own sub-folder of the output folder, and its test log p(x)
/// is estimated the same way.</summary>
public sealed class ModelComparison(RunCommandLine commandLine, TensorDataSet train, TensorDataSet test, int logLikelihoodSamples, long logLikelihoodExamples)
{
    /// <summary>The settings a model of the comparison trains with: its file's, with <c>--epochs</c> and <c>--seed</c> applied.</summary>
    public TrainingOptions Training(TrainingOptions defaults) =>
        defaults with { Epochs = commandLine.Epochs ?? defaults.Epochs, Seed = commandLine.Seed ?? defaults.Seed };

    /// <summary>Seeds, builds, trains and reports one model in <paramref name="subfolder"/> of the output folder.</summary>
    public ComparedRun<TModel> Train<TModel>(string name, string subfolder, Func<TModel> create, TrainingOptions defaults) where TModel : VaeModule
    {
        var training = Training(defaults);
        var folder = Path.Combine(commandLine.OutputDirectory, subfolder);
        var clock = Stopwatch.StartNew();
        Seeding.Set(training.Seed);
        var model = create();
        var setup = TrainingRun.WithCommandLine(new TrainingRun.Setup(model, training with { OutputDirectory = folder })
        {
            LogLikelihoodSamples = logLikelihoodSamples,
            LogLikelihoodExamples = logLikelihoodExamples,
        }, commandLine);
        var report = TrainingRun.TrainAndReport(name, setup, train, test, folder);
        return new ComparedRun<TModel>(model, report, clock.Elapsed.TotalSeconds);
    }
}
