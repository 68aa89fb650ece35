using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace VaeDsl.Examples;

/// <summary>The command line shared by the examples:
/// <c>--epochs N --out DIR [--data DIR] [--train-limit N] [--seed S]</c>.</summary>
public sealed record ExampleCommandLine(int? Epochs, string OutputDirectory, string DataDirectory, long? TrainLimit, long? Seed)
{
    public const string Usage = "options: --epochs N  --out DIR  [--data DIR]  [--train-limit N]  [--seed S]";

    /// <summary>Parses the arguments; on a mistake prints what is wrong and the usage, and returns null.</summary>
    public static ExampleCommandLine? Parse(string[] args, string defaultDataDirectory, TextWriter? error = null)
    {
        error ??= Console.Error;
        int? epochs = null;
        long? trainLimit = null;
        long? seed = null;
        var output = "out";
        var data = defaultDataDirectory;
        var values = new Dictionary<string, string>();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name is "-h" or "--help")
            {
                error.WriteLine(Usage);
                return null;
            }
            if (i + 1 >= args.Length)
            {
                error.WriteLine($"error: option '{name}' needs a value. {Usage}");
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
                case "--out":
                    output = value;
                    break;
                case "--data":
                    data = value;
                    break;
                case "--epochs" or "--train-limit" or "--seed":
                    error.WriteLine($"error: option '{name}' needs a positive whole number, not '{value}'.");
                    return null;
                default:
                    error.WriteLine($"error: unknown option '{name}'. {Usage}");
                    return null;
            }
        }
        return new ExampleCommandLine(epochs, Path.GetFullPath(output), Path.GetFullPath(data), trainLimit, seed);
    }

    private static bool TryPositive(string text, out long value) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value) && value > 0;
}
