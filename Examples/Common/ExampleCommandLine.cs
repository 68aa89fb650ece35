using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace VaeDsl.Examples;

/// <summary>The command line shared by the examples:
/// <c>--epochs N --out DIR [--data DIR] [--train-limit N] [--seed S] [--loglik-examples N]</c>, plus options of one example
/// (such as <c>--beta 1</c>) kept as text in <see cref="Extras"/>.</summary>
public sealed record ExampleCommandLine(int? Epochs, string OutputDirectory, string DataDirectory, long? TrainLimit, long? Seed)
{
    public const string Usage = "options: --epochs N  --out DIR  [--data DIR]  [--train-limit N]  [--seed S]  [--loglik-examples N]  [--checkpoint-every N]";

    /// <summary>How many test examples the log p(x) estimate uses (0: skip it), or null for the example's default.</summary>
    public long? LogLikelihoodExamples { get; init; }

    /// <summary>
    /// --checkpoint-every N: write a checkpoint to the output folder every N epochs (and after the last), and resume
    /// from it when it is already there; null without the option.
    /// </summary>
    public int? CheckpointEvery { get; init; }

    /// <summary>The example's own options that were given, by name with the leading dashes (<c>--beta</c>), as written.</summary>
    public IReadOnlyDictionary<string, string> Extras { get; init; } = new Dictionary<string, string>();

    /// <summary>The value of the example's option <paramref name="name"/> as a number, or <paramref name="fallback"/> when it is absent.</summary>
    /// <exception cref="FormatException">The value is not a finite number.</exception>
    public double Number(string name, double fallback)
    {
        if (!Extras.TryGetValue(name, out var text)) return fallback;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)) return value;
        throw new FormatException($"option '{name}' needs a number, not '{text}'.");
    }

    /// <summary>The value of the example's option <paramref name="name"/> as a whole number in [min, max], or <paramref name="fallback"/> when it is absent.</summary>
    /// <exception cref="FormatException">The value is not a whole number in range.</exception>
    public int Integer(string name, int fallback, int min, int max)
    {
        if (!Extras.TryGetValue(name, out var text)) return fallback;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max) return value;
        throw new FormatException($"option '{name}' needs a whole number from {min} to {max}, not '{text}'.");
    }

    /// <summary>The usage line with the example's own options <paramref name="extraOptions"/> appended.</summary>
    public static string UsageWith(IReadOnlyCollection<string> extraOptions) =>
        extraOptions.Count == 0 ? Usage : $"{Usage}  {string.Join("  ", extraOptions.Select(o => $"[{o} VALUE]"))}";

    /// <summary>Parses the arguments; on a mistake prints what is wrong and the usage, and returns null.</summary>
    public static ExampleCommandLine? Parse(string[] args, string defaultDataDirectory, TextWriter? error = null) =>
        Parse(args, defaultDataDirectory, Array.Empty<string>(), error);

    /// <summary>Parses the arguments, accepting also the example's own options <paramref name="extraOptions"/> (each
    /// written <c>--name</c> and taking a value); on a mistake prints what is wrong and the usage, and returns null.</summary>
    public static ExampleCommandLine? Parse(string[] args, string defaultDataDirectory, IReadOnlyCollection<string> extraOptions, TextWriter? error = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(extraOptions);
        error ??= Console.Error;
        var usage = UsageWith(extraOptions);
        int? epochs = null;
        long? trainLimit = null;
        long? seed = null;
        long? logLikelihoodExamples = null;
        int? checkpointEvery = null;
        var output = "out";
        var data = defaultDataDirectory;
        var extras = new Dictionary<string, string>();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name is "-h" or "--help")
            {
                error.WriteLine(usage);
                return null;
            }
            if (i + 1 >= args.Length)
            {
                error.WriteLine($"error: option '{name}' needs a value. {usage}");
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
                case "--checkpoint-every" when TryPositive(value, out var every):
                    checkpointEvery = (int)Math.Min(every, int.MaxValue);
                    break;
                case "--out":
                    output = value;
                    break;
                case "--data":
                    data = value;
                    break;
                case "--epochs" or "--train-limit" or "--seed" or "--checkpoint-every":
                    error.WriteLine($"error: option '{name}' needs a positive whole number, not '{value}'.");
                    return null;
                case var extra when extraOptions.Contains(extra):
                    extras[extra] = value;
                    break;
                default:
                    error.WriteLine($"error: unknown option '{name}'. {usage}");
                    return null;
            }
        }
        return new ExampleCommandLine(epochs, Path.GetFullPath(output), Path.GetFullPath(data), trainLimit, seed) { Extras = extras, LogLikelihoodExamples = logLikelihoodExamples, CheckpointEvery = checkpointEvery };
    }

    private static bool TryPositive(string text, out long value) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value) && value > 0;
}
