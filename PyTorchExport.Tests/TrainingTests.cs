using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using VaeDsl.Runtime;
using VaeDsl.Runtime.Data;
using VaeDsl.Runtime.Training;
using VaeDsl.Testing;
using Xunit;

namespace VaeDsl.PyTorchExport.Tests;

/// <summary>
/// The exported MnistMlp's train.py on the shipped digits: under torchrun with two gloo processes its weights load into
/// the generated C# model, whose test loss is the one PyTorch printed; in one process it follows the C# trainer's
/// trajectory from the same seed.
/// </summary>
public sealed class TrainingTests : IDisposable
{
    private readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    private static string MnistFolder => RepositoryRoot.File("data", "mnist");

    private static TensorDataSet Split(string split)
    {
        var (images, labels) = Mnist.Load(MnistFolder, split);
        return new TensorDataSet(images, labels);
    }

    private string ExportMnistMlp()
    {
        var directory = Path.Combine(folder.Path, "package");
        Python.Export(RepositoryRoot.File("Examples", "MnistMlp", "MnistMlp.vae"), directory);
        return directory;
    }

    /// <summary>train.py's first epoch (the first line of OUT/metrics.jsonl) has the C# trainer's train and test loss
    /// to 5e-6 relative: the same five significant digits.</summary>
    private static void AssertSameFirstEpoch(string output, EpochMetrics epoch)
    {
        var pytorch = JsonDocument.Parse(File.ReadAllLines(Path.Combine(output, "metrics.jsonl"))[0]).RootElement;
        foreach (var (name, own) in new[] { ("train_loss", epoch.TrainLoss), ("test_loss", epoch.TestLoss!.Value) })
        {
            var theirs = pytorch.GetProperty(name).GetDouble();
            Assert.True(Math.Abs(own - theirs) <= 5e-6 * Math.Abs(theirs), $"{name}: C# {own:R}, PyTorch {theirs:R}");
        }
    }

    private static double PrintedTestLoss(ProcessResult run)
    {
        var match = Regex.Match(run.Output, @"test_loss: ([0-9.]+)");
        Assert.True(match.Success, run.ToString());
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [Fact]
    public void Two_torchrun_processes_train_an_epoch_whose_weights_give_the_C_sharp_model_the_test_loss_PyTorch_printed()
    {
        var package = ExportMnistMlp();
        var output = Path.Combine(folder.Path, "out");

        // Debian's torch 1.13 on Python 3.11 needs --redirects and --tee (its option parsing fails without them).
        var run = ProcessRunner.Run(Python.Interpreter,
            ["-m", "torch.distributed.run", "--standalone", "--redirects", "1", "--tee", "1", "--nproc_per_node", "2",
             "train.py", "--data", MnistFolder, "--epochs", "1", "--out", output],
            package, new Dictionary<string, string?> { ["PYTHONDONTWRITEBYTECODE"] = "1", ["PYTHONWARNINGS"] = "error::UserWarning,error::DeprecationWarning" });

        Assert.True(run.ExitCode == 0, run.ToString());
        var printed = PrintedTestLoss(run);
        var metrics = File.ReadAllLines(Path.Combine(output, "metrics.jsonl"));
        var epoch = JsonDocument.Parse(Assert.Single(metrics)).RootElement;
        Assert.Equal(1, epoch.GetProperty("epoch").GetInt32());
        Assert.True(double.IsFinite(epoch.GetProperty("train_loss").GetDouble()), metrics[0]);
        // Rank 0 alone writes: one line per epoch, not one per process.
        Assert.Single(Regex.Matches(run.Output, "test_loss: "));
        Assert.True(File.Exists(Path.Combine(output, "checkpoint.pt")), run.ToString());

        Seeding.Set(1);
        using var model = new MnistMlp();
        model.LoadWeights(Path.Combine(output, "model.safetensors"));
        Seeding.Set(model.Options.Train.Seed);
        var own = new Trainer(model, model.Options.Train).Evaluate(Split("test")).Loss;

        Assert.True(Math.Abs(own - printed) <= 1e-5 * printed, $"C# {own:R}, PyTorch {printed:R}\n{run}");
    }

    [Fact]
    public void A_run_resumed_from_its_checkpoint_ends_where_an_uninterrupted_run_ends()
    {
        var package = ExportMnistMlp();
        var (resumed, straight) = (Path.Combine(folder.Path, "resumed"), Path.Combine(folder.Path, "straight"));

        var first = Python.Run(package, "train.py", "--data", MnistFolder, "--epochs", "1", "--out", resumed);
        var second = Python.Run(package, "train.py", "--data", MnistFolder, "--epochs", "2", "--out", resumed, "--resume");
        var whole = Python.Run(package, "train.py", "--data", MnistFolder, "--epochs", "2", "--out", straight);

        Assert.True(first.ExitCode == 0 && second.ExitCode == 0 && whole.ExitCode == 0, $"{first}\n{second}\n{whole}");
        Assert.Contains("resuming from", second.Output);
        Assert.DoesNotContain("epoch   1 ", second.Output);
        static string[] Losses(string output) => File.ReadAllLines(Path.Combine(output, "metrics.jsonl"))
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Select(row => $"{row.GetProperty("epoch").GetInt32()} {row.GetProperty("train_loss").GetDouble():R} {row.GetProperty("test_loss").GetDouble():R}")
            .ToArray();
        Assert.Equal(Losses(straight), Losses(resumed));
        Assert.Equal(PrintedTestLoss(whole), PrintedTestLoss(second));
    }

    [Fact]
    public void From_one_seed_train_py_in_one_process_follows_the_trajectory_of_the_C_sharp_trainer()
    {
        var package = ExportMnistMlp();
        var output = Path.Combine(folder.Path, "out");

        var run = Python.Run(package, "train.py", "--data", MnistFolder, "--epochs", "1", "--out", output);

        Assert.True(run.ExitCode == 0, run.ToString());
        var options = new MnistMlpOptions();
        var settings = options.Train with { Epochs = 1 };
        Seeding.Set(settings.Seed);
        using var model = new MnistMlp(options);
        var epoch = new Trainer(model, settings).Fit(Split("train"), Split("test")).Single();

        // They agree to about seven significant digits here.
        AssertSameFirstEpoch(output, epoch);
    }

    [Fact]
    public void From_one_seed_train_py_trains_WineVae_on_its_CSV_table_along_the_trajectory_of_the_C_sharp_trainer()
    {
        var package = Path.Combine(folder.Path, "package");
        Python.Export(RepositoryRoot.File("Examples", "Tabular", "WineVae.vae"), package);
        var output = Path.Combine(folder.Path, "out");
        var wine = RepositoryRoot.File("data", "wine");

        var run = Python.Run(package, "train.py", "--data", wine, "--epochs", "1", "--out", output);

        Assert.True(run.ExitCode == 0, run.ToString());
        // The Tabular example's data: the fixed-seed 80/20 split, standardised with the training rows' statistics.
        var (trainTable, testTable) = CsvTable.Load(Path.Combine(wine, "wine.csv"), hasHeader: true, labelColumn: "class").Split(0.2, 2026);
        var scaling = Standardization.Fit(trainTable);
        var options = new WineVaeOptions();
        var settings = options.Train with { Epochs = 1 };
        Seeding.Set(settings.Seed);
        using var model = new WineVae(options);
        var epoch = new Trainer(model, settings).Fit(trainTable.ToDataSet(scaling), testTable.ToDataSet(scaling)).Single();

        AssertSameFirstEpoch(output, epoch);
    }

    [Fact]
    public void Train_py_reads_an_image_folder_as_the_same_digits_as_IDX_and_follows_the_C_sharp_trainer_on_them()
    {
        var package = ExportMnistMlp();
        var (images, sets) = DigitImages();
        var output = Path.Combine(folder.Path, "out");

        var run = Python.Run(package, "train.py", "--data", images, "--epochs", "1", "--out", output);

        Assert.True(run.ExitCode == 0, run.ToString());
        var options = new MnistMlpOptions();
        var settings = options.Train with { Epochs = 1 };
        Seeding.Set(settings.Seed);
        using var model = new MnistMlp(options);
        var epoch = new Trainer(model, settings).Fit(sets["train"], sets["test"]).Single();

        AssertSameFirstEpoch(output, epoch);
    }

    [Fact]
    public void Under_dynamic_binarisation_train_py_draws_the_binary_digits_the_C_sharp_trainer_draws()
    {
        var package = ExportMnistMlp();
        var (images, _) = DigitImages();
        var output = Path.Combine(folder.Path, "out");

        var run = Python.Run(package, "train.py", "--data", images, "--epochs", "1", "--out", output, "--binarize", "dynamic");

        Assert.True(run.ExitCode == 0, run.ToString());
        var options = new MnistMlpOptions();
        var settings = options.Train with { Epochs = 1 };
        var data = DataFolder.Load(images, new DataFolderOptions { InputShape = MnistMlp.DefaultInputShape, DynamicBinarization = true });
        Seeding.Set(settings.Seed);
        using var model = new MnistMlp(options);
        var epoch = new Trainer(model, settings).Fit(data.Train, data.Test).Single();

        AssertSameFirstEpoch(output, epoch);
    }

    [Fact]
    public void A_damaged_image_stops_train_py_with_one_line_naming_the_file()
    {
        var package = ExportMnistMlp();
        var (images, _) = DigitImages();
        var damaged = Directory.GetFiles(Path.Combine(images, "test", "3")).Order(StringComparer.Ordinal).First();
        File.WriteAllBytes(damaged, File.ReadAllBytes(damaged)[..40]);

        var run = Python.Run(package, "train.py", "--data", images, "--epochs", "1", "--out", Path.Combine(folder.Path, "out"));

        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"error: '{damaged}' is truncated or corrupt (it cannot be decoded completely); replace it with an intact PNG or JPEG file, or remove it.",
            run.StandardError.Trim());
    }

    // A few hundred shipped digits as PNG, one sub-folder per class, and the same digits from IDX in the order an image
    // folder lists them (class by class, file by file).
    private (string Folder, Dictionary<string, TensorDataSet> Sets) DigitImages()
    {
        var images = Path.Combine(folder.Path, "images");
        var sets = new[] { ("train", Split("train").Take(300)), ("test", Split("test").Take(100)) }
            .Select(set => (Name: set.Item1, Order: WritePngs(set.Item2, Path.Combine(images, set.Item1)), Data: set.Item2))
            .ToDictionary(set => set.Name, set => Reorder(set.Data, set.Order));
        return (images, sets);
    }

    // Writes each digit as DIR/<label>/<index>.png and returns the indices in the order an image folder lists them.
    private static long[] WritePngs(TensorDataSet data, string directory)
    {
        var bytes = data.Inputs.mul(255).round().to_type(TorchSharp.torch.ScalarType.Byte).reshape(data.Count, 784).data<byte>().ToArray();
        var labels = data.Labels!.data<long>().ToArray();
        for (var i = 0; i < data.Count; i++)
        {
            var path = Path.Combine(directory, labels[i].ToString(CultureInfo.InvariantCulture), $"{i:D5}.png");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var bitmap = new SkiaSharp.SKBitmap(new SkiaSharp.SKImageInfo(28, 28, SkiaSharp.SKColorType.Gray8, SkiaSharp.SKAlphaType.Opaque));
            bytes.AsSpan(i * 784, 784).CopyTo(bitmap.GetPixelSpan());
            using var png = bitmap.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
            File.WriteAllBytes(path, png.ToArray());
        }

        return Enumerable.Range(0, (int)data.Count).OrderBy(i => labels[i]).ThenBy(i => i).Select(i => (long)i).ToArray();
    }

    private static TensorDataSet Reorder(TensorDataSet data, long[] order)
    {
        var indices = TorchSharp.torch.tensor(order);
        return new TensorDataSet(data.Inputs.index_select(0, indices), data.Labels!.index_select(0, indices));
    }
}
