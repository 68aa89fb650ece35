using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace VaeDsl.Bench.Throughput;

/// <summary>Runs a reference script of bench/pytorch in Debian's Python and reads its per-epoch training seconds.</summary>
internal static class PyTorchRun
{
    public static List<EpochTiming> Run(string python, string pytorchDirectory, ModelKind kind, int epochs, int threads, long seed)
    {
        var script = Path.Combine(pytorchDirectory, kind == ModelKind.Mlp ? "mnist_mlp.py" : "mnist_conv.py");
        var output = Path.Combine(Path.GetTempPath(), $"vaedsl-throughput-{Guid.NewGuid():N}.json");
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { script, "--epochs", $"{epochs}", "--threads", $"{threads}", "--seed", $"{seed}", "--out", output })
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {python}");
            var errors = process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{python} {script} failed with exit code {process.ExitCode}: {errors.Result}");
            }

            using var json = JsonDocument.Parse(File.ReadAllText(output));
            return json.RootElement.GetProperty("epochs").EnumerateArray()
                .Select(e => new EpochTiming(e.GetProperty("train_seconds").GetDouble(), double.NaN, e.GetProperty("train_loss").GetDouble()))
                .ToList();
        }
        finally
        {
            File.Delete(output);
        }
    }
}
