using System;
using System.IO;
using System.Linq;
using TabularExample;
using VaeDsl.Runtime;
using VaeDsl.Runtime.Data;
using VaeDsl.Runtime.Plots;
using VaeDsl.Runtime.Runs;
using static TorchSharp.torch;

// Trains the Gaussian VAE of WineVae.vae on the UCI Wine table shipped in data/wine: a fixed-seed 80/20 split,
// features standardised with the training rows' mean and standard deviation, the class kept only to colour
// latent_scatter.png (test wines) and
// latent_scatter_all.png (every wine). --data names the folder holding wine.csv, or a data folder of the user's own
// (train.npy and test.npy, or train.npz and test.npz, of 13 features per row) used as it is, without the split or the scaling.
const double TestFraction = 0.2;
const int SplitSeed = 2026;

var usage = new RunUsage("Tabular",
    "trains the Gaussian VAE of WineVae.vae on the UCI Wine table (a fixed 80/20 split, standardised) and writes metrics.*, model.weights and the latent scatters to the output folder.")
{
    DataDirectory = Path.Combine(AppContext.BaseDirectory, "data", "wine"),
    Invocation = "dotnet run -c Release --project Examples/Tabular --",
    DataFiles = "wine.csv (a header row, a column 'class' and 13 numeric feature columns); or train.npy and test.npy, or train.npz and test.npz, of 13 features per row, used as they are",
    Epochs = $"{new WineVaeOptions().Train.Epochs}, from WineVae.vae",
    Seed = $"{new WineVaeOptions().Train.Seed}, from WineVae.vae",
    LogLikelihoodExamples = "every test wine",
};

return TrainingRun.Execute(args, usage, commandLine =>
{
    var csv = Path.Combine(commandLine.DataDirectory, "wine.csv");
    CsvTable? table = null;
    Standardization? scaling = null;
    TensorDataSet train, test;
    if (File.Exists(csv) || !Directory.Exists(commandLine.DataDirectory))
    {
        table = CsvTable.Load(csv, hasHeader: true, labelColumn: "class");
        var (trainTable, testTable) = table.Split(TestFraction, SplitSeed);
        scaling = Standardization.Fit(trainTable);
        train = trainTable.ToDataSet(scaling);
        test = testTable.ToDataSet(scaling);
        if (commandLine.TrainLimit is { } limit) train = train.Take(limit);
        Console.WriteLine($"{table.Source}: {table.RowCount} wines × {table.FeatureCount} features; {trainTable.RowCount} for training, {testTable.RowCount} for testing (split seed {SplitSeed}).");
    }
    else
    {
        (train, test) = TrainingRun.LoadData(commandLine, WineVae.DefaultInputShape, needsLabels: false);
    }

    var defaults = new WineVaeOptions();
    var options = defaults with { Train = defaults.Train with { Epochs = commandLine.Epochs ?? defaults.Train.Epochs, Seed = commandLine.Seed ?? defaults.Train.Seed } };
    Seeding.Set(options.Train.Seed);
    var model = new WineVae(options);
    var setup = new TrainingRun.Setup(model, options.Train with { OutputDirectory = commandLine.OutputDirectory }) { LogLikelihoodExamples = test.Count, EpochLines = 10 };
    var report = TrainingRun.TrainAndReport("WineVae", TrainingRun.WithCommandLine(setup, commandLine), train, test, commandLine.OutputDirectory);

    // The history holds the whole run, also when it was resumed from a checkpoint of its last epoch.
    if (report.History.Last is { } last)
    {
        var terms = string.Join(", ", last.TestTerms!.Select(t => $"{t.Key} {t.Value:F2}"));
        Console.WriteLine($"test loss (−ELBO) {last.TestLoss:F2} nats per wine ({terms}) over {test.Count} {(table is null ? "test rows" : "standardised wines")}.");
    }

    if (table is null) return 0;

    // All 178 wines in one picture: the 36 test wines alone make a sparse plot.
    var all = table.ToDataSet(scaling!);
    using (no_grad())
    {
        var means = RunFigures.PosteriorMeans(model, all)!;
        LatentScatter.Save(Path.Combine(commandLine.OutputDirectory, "latent_scatter_all.png"), means, all.Labels!);
    }

    Console.WriteLine("Wrote latent_scatter_all.png (every wine, training and test)");
    return 0;
});
