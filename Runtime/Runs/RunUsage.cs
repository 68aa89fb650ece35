using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace VaeDsl.Runtime.Runs;

/// <summary>One option of a training run's command line: its name, the placeholder of its value, its default as the user reads it
/// and what it does, for <c>--help</c>.</summary>
public sealed record RunOption(string Name, string Value, string Default, string Description);

/// <summary>
/// What a training program's <c>--help</c> says (an example program's or <c>vae train</c>'s): what the program does and
/// every option it takes, the shared ones with this program's defaults (taken from its options record, so they follow
/// the .vae file) and the program's own (<see cref="Extras"/>, such as <c>--beta</c>).
/// </summary>
/// <param name="Program">The program's name (MnistMlp, vae train).</param>
/// <param name="Summary">What a run does, in a sentence or two.</param>
public sealed record RunUsage(string Program, string Summary)
{
    /// <summary>The default of <c>--data</c>, such as the data folder shipped beside the program; null makes
    /// <c>--data</c> required.</summary>
    public required string? DataDirectory { get; init; }

    /// <summary>How the program is started, before its options, for the help's usage line
    /// (<c>dotnet run -c Release --project Examples/MnistMlp --</c>); null gives <see cref="Program"/>.</summary>
    public string? Invocation { get; init; }

    /// <summary>What the folder given with <c>--data</c> must hold.</summary>
    public required string DataFiles { get; init; }

    /// <summary>The default of <c>--epochs</c> as the user reads it, for example "10 (MnistMlp.vae)".</summary>
    public required string Epochs { get; init; }

    /// <summary>The default of <c>--seed</c> as the user reads it.</summary>
    public required string Seed { get; init; }

    /// <summary>The default of <c>--device</c> as the user reads it.</summary>
    public string Device { get; init; } = "the .vae file's device setting, cpu when it has none";

    /// <summary>The default of <c>--loglik-examples</c> as the user reads it.</summary>
    public string LogLikelihoodExamples { get; init; } = "500";

    /// <summary>The default of <c>--loglik-samples</c> as the user reads it.</summary>
    public string LogLikelihoodSamples { get; init; } = "100";

    /// <summary>The program's own options, each taking a value.</summary>
    public IReadOnlyList<RunOption> Extras { get; init; } = [];

    /// <summary>The names of the program's own options, which the parser accepts besides the shared ones.</summary>
    public IReadOnlyCollection<string> ExtraNames => Extras.Select(o => o.Name).ToArray();

    /// <summary>Every option: the shared ones, then the program's own.</summary>
    public IReadOnlyList<RunOption> Options =>
    [
        new("--epochs", "N", Epochs, "epochs to train"),
        new("--out", "DIR", "out, in the current folder", "folder for metrics.*, model.weights, model.safetensors and the pictures, created when missing"),
        new("--data", "DIR", DataDirectory ?? "none, required", $"folder with {DataFiles}"),
        new("--resize", "yes|no", "no", "yes scales images of --data's image folders to the model's input size (bilinear); no refuses an image of another size"),
        new("--binarize", "none|dynamic", "none", "dynamic draws a fresh binary sample of each training image every epoch (pixel = probability of 1) and binarises the test images once, as Burda et al. 2016"),
        new("--train-limit", "N", "every training example", "train on the first N training examples only"),
        new("--seed", "S", Seed, "seed of the initial weights and of every random draw while training"),
        new("--loglik-examples", "N", LogLikelihoodExamples, "test examples of the importance-sampled test log p(x) estimate; 0 skips it"),
        new("--loglik-samples", "K", LogLikelihoodSamples, "importance samples per test example of that estimate (Burda et al. use 5000); it prints the estimate ± its Monte Carlo error"),
        new("--loglik-batch", "N", "1000", "test examples whose samples are decoded at once by that estimate: its memory bound (one decoder pass over N examples, whatever K)"),
        new("--checkpoint-every", "N", "no checkpoints", "write checkpoint.ckpt to the output folder every N epochs and after the last; a run that finds it there resumes from it"),
        new("--device", "D", Device, "where the model, its optimiser and each batch live: cpu, cuda (the first GPU), cuda:N or auto (a GPU when libtorch has one, else the CPU; it prints which); a GPU needs the CUDA build of libtorch (README, Train on a GPU)"),
        new("--init", "FILE", "fresh weights", "start from these weights instead: a model.weights, a .safetensors or a PyTorch state_dict (.pt, .pth), such as the exported PyTorch model's train.py writes; a file of another model is refused"),
        .. Extras,
    ];

    /// <summary>The one-line reminder printed after a mistake on the command line.</summary>
    public string Short => $"usage: {Program} {string.Join(" ", Options.Select(o => Required(o) ? $"{o.Name} {o.Value}" : $"[{o.Name} {o.Value}]"))}; --help describes each option.";

    private bool Required(RunOption option) => option.Name == "--data" && DataDirectory is null;

    /// <summary>The full help: what the program does, how to run it, and every option with its default.</summary>
    public string Help()
    {
        var rows = Options.Select(o => (Left: $"{o.Name} {o.Value}", Text: $"{o.Description} (default: {o.Default})"))
            .Append((Left: "-h, --help", Text: "print this help and exit"))
            .ToList();
        var width = rows.Max(r => r.Left.Length) + 2;
        var text = new StringBuilder()
            .AppendLine($"{Program}: {Summary}")
            .AppendLine()
            .AppendLine($"usage: {Invocation ?? Program} [OPTION VALUE]...")
            .AppendLine()
            .AppendLine("options:");
        foreach (var (left, description) in rows)
        {
            text.AppendLine($"  {left.PadRight(width)}{description}");
        }
        return text.ToString();
    }

    /// <summary>What <c>--data</c> may hold for images or arrays: the layouts that <see cref="Data.DataFolder"/> recognises.</summary>
    public const string DataFolderFiles =
        "MNIST's four IDX files, gzipped or not (train-images-idx3-ubyte, train-labels-idx1-ubyte and the test pair t10k-… or test-…); " +
        "or train.npy and test.npy (float32, float64 or uint8; labels in train_labels.npy and test_labels.npy); " +
        "or train.npz and test.npz (arrays x and, for labels, y); or train/ and test/ folders of PNG or JPEG images (one sub-folder per class for labels)";
}
