using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using VaeDsl.Runtime.Training;

namespace VaeDsl.Runtime.Runs;

/// <summary>The command line shared by the training programs (the examples, <c>vae train</c>):
/// <c>--epochs N --out DIR [--data DIR] [--resize yes|no] [--binarize none|dynamic] [--train-limit N] [--seed S]
/// [--loglik-examples N] [--loglik-samples K] [--loglik-batch N] [--checkpoint-every N] [--init FILE] [--device D]</c>, plus
/// options of one program (such as <c>--beta 1</c>) kept as text in <see cref="Extras"/>. <see cref="RunUsage"/>
/// describes each option for <c>--help</c>.</summary>
public sealed record RunCommandLine(int? Epochs, string OutputDirectory, string DataDirectory, long? TrainLimit, long? Seed)
{

    /// <summary>How many test examples the log p(x) estimate uses (0: skip it), or null for the program's default.</summary>
    public long? LogLikelihoodExamples { get; init; }

    /// <summary>--loglik-samples K: importance samples per test example of the log p(x) estimate, or null for the program's default.</summary>
    public int? LogLikelihoodSamples { get; init; }

    /// <summary>--loglik-batch N: test examples decoded at once by the log p(x) estimate (its memory bound), or null for the default.</summary>
    public int? LogLikelihoodBatch { get; init; }

    /// <summary>--resize yes: images of the data folder of another size are scaled to the model's input instead of refused.</summary>
    public bool Resize { get; init; }

    /// <summary>--binarize dynamic: the training images are binarised afresh every epoch and the test images once (Burda et al. 2016).</summary>
    public bool DynamicBinarization { get; init; }

    /// <summary>
    /// --checkpoint-every N: write a checkpoint to the output folder every N epochs (and after the last), and resume
    /// from it when it is already there; null without the option.
    /// </summary>
    public int? CheckpointEvery { get; init; }

    /// <summary>--init FILE: weights the model starts from instead of fresh ones (model.weights, .safetensors or a
    /// PyTorch state_dict .pt); null without the option.</summary>
    public string? InitialWeights { get; init; }

    /// <summary>--device cpu|cuda|cuda:N|auto: where the model trains, over the .vae file's <c>device</c> setting; null
    /// without the option.</summary>
    public string? Device { get; init; }

    /// <summary>The program's own options that were given, by name with the leading dashes (<c>--beta</c>), as written.</summary>
    public IReadOnlyDictionary<string, string> Extras { get; init; } = new Dictionary<string, string>();

    /// <summary>The value of the program's option <paramref name="name"/> as a number, or <paramref name="fallback"/> when it is absent.</summary>
    /// <exception cref="FormatException">The value is not a finite number.</exception>
    public double Number(string name, double fallback)
    {
        if (!Extras.TryGetValue(name, out var text)) return fallback;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)) return value;
        throw new FormatException($"option '{name}' needs a number, not '{text}'.");
    }

    /// <summary>The value of the program's option <paramref name="name"/> as a whole number in [min, max], or <paramref name="fallback"/> when it is absent.</summary>
    /// <exception cref="FormatException">The value is not a whole number in range.</exception>
    public int Integer(string name, int fallback, int min, int max)
    {
        if (!Extras.TryGetValue(name, out var text)) return fallback;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max) return value;
        throw new FormatException($"option '{name}' needs a whole number from {min} to {max}, not '{text}'.");
    }

    /// <summary>Whether the arguments ask for the help: <c>-h</c> or <c>--help</c> where an option name stands.</summary>
    public static bool AsksForHelp(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        // Every option takes a value, so option names stand at the even positions.
        for (var i = 0; i < args.Length; i += 2)
        {
            if (args[i] is "-h" or "--help") return true;
        }
        return false;
    }

    /// <summary>Parses the arguments against <paramref name="usage"/> (the shared options and the program's own, each
    /// written <c>--name</c> and taking a value); on a mistake prints what is wrong and the short usage to
    /// <paramref name="error"/>, and returns null. Ask <see cref="AsksForHelp"/> first: help is not an option to parse.</summary>
    public static RunCommandLine? Parse(string[] args, RunUsage usage, TextWriter? error = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(usage);
        error ??= Console.Error;
        var extraOptions = usage.ExtraNames;
        var shortUsage = usage.Short;
        int? epochs = null;
        long? trainLimit = null;
        long? seed = null;
        long? logLikelihoodExamples = null;
        int? logLikelihoodSamples = null;
        int? logLikelihoodBatch = null;
        var resize = false;
        var binarize = false;
        int? checkpointEvery = null;
        string? initialWeights = null;
        string? device = null;
        var output = "out";
        var data = usage.DataDirectory;
        var extras = new Dictionary<string, string>();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (i + 1 >= args.Length)
            {
                error.WriteLine($"error: option '{name}' needs a value. {shortUsage}");
                return null;
            }
            var value = args[++i];
            switch (name)
            {
                case "--epochs" when TryPositive(value, out var n):
                    epochs = (int)Math.Min(n, int.MaxValue);
                    break;
                case "--train-limit" when TryPositive(value, out var n):
                    trainLimit = n;
                    break;
                case "--seed" when long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s):
                    seed = s;
                    break;
                case "--loglik-examples" when long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var m):
                    logLikelihoodExamples = m;
                    break;
                case "--loglik-examples":
                    error.WriteLine($"error: option '{name}' needs a whole number (0 skips the estimate), not '{value}'.");
                    return null;
                case "--loglik-samples" when TryPositive(value, out var k):
                    logLikelihoodSamples = (int)Math.Min(k, int.MaxValue);
                    break;
                case "--loglik-batch" when TryPositive(value, out var b):
                    logLikelihoodBatch = (int)Math.Min(b, int.MaxValue);
                    break;
                case "--resize" when value is "yes" or "no":
                    resize = value == "yes";
                    break;
                case "--binarize" when value is "dynamic" or "none":
                    binarize = value == "dynamic";
                    break;
                case "--resize" or "--binarize":
                    error.WriteLine($"error: option '{name}' takes {(name == "--resize" ? "yes or no" : "dynamic or none")}, not '{value}'.");
                    return null;
                case "--checkpoint-every" when TryPositive(value, out var every):
                    checkpointEvery = (int)Math.Min(every, int.MaxValue);
                    break;
                case "--out":
                    output = value;
                    break;
                case "--device" when ComputeDevice.IsValid(value):
                    device = value;
                    break;
                case "--device":
                    error.WriteLine($"error: option '--device' takes {ComputeDevice.Choices}, not '{value}'.");
                    return null;
                case "--init":
                    initialWeights = Path.GetFullPath(value);
                    break;
                case "--data":
                    data = value;
                    break;
                case "--epochs" or "--train-limit" or "--seed" or "--checkpoint-every" or "--loglik-samples" or "--loglik-batch":
                    error.WriteLine($"error: option '{name}' needs a positive whole number, not '{value}'.");
                    return null;
                case var extra when extraOptions.Contains(extra):
                    extras[extra] = value;
                    break;
                default:
                    error.WriteLine($"error: unknown option '{name}'. {shortUsage}");
                    return null;
            }
        }
        if (data is null)
        {
            error.WriteLine($"error: option '--data' is required. {shortUsage}");
            return null;
        }
        return new RunCommandLine(epochs, Path.GetFullPath(output), Path.GetFullPath(data), trainLimit, seed)
        {
            Extras = extras,
            LogLikelihoodExamples = logLikelihoodExamples,
            LogLikelihoodSamples = logLikelihoodSamples,
            LogLikelihoodBatch = logLikelihoodBatch,
            Resize = resize,
            DynamicBinarization = binarize,
            CheckpointEvery = checkpointEvery,
            InitialWeights = initialWeights,
            Device = device,
        };
    }

    private static bool TryPositive(string text, out long value) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value) && value > 0;
}
