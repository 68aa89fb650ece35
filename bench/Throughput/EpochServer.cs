using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text.Json;

namespace VaeDsl.Bench.Throughput;

/// <summary>
/// A training process of its own that trains one epoch each time it is asked (a line "epoch" on its standard input)
/// and answers with a JSON line of the epoch's seconds and loss. The benchmark keeps the hand-written TorchSharp model
/// and PyTorch in such processes, so their epochs interleave with the generated model's in one rhythm while each
/// implementation has a process, a heap and an allocator to itself; between epochs a server waits, using no processor.
/// </summary>
internal sealed class EpochServer : IDisposable
{
    private readonly Process process;
    private readonly string description;

    private EpochServer(Process process, string description)
    {
        this.process = process;
        this.description = description;
    }

    /// <summary>bench/pytorch's script for <paramref name="kind"/> with <c>--serve</c>.</summary>
    public static EpochServer PyTorch(BenchmarkSettings settings, ModelKind kind, int threads, long seed)
    {
        var script = Path.Combine(settings.PyTorchDirectory, kind == ModelKind.Mlp ? "mnist_mlp.py" : "mnist_conv.py");
        // Debian's PyTorch runs OpenMP and OpenBLAS thread pools side by side; with both spinning, 2 threads ran at
        // half the speed of 1. Passive waiting is its better setting here (bench/README.md, "Training speed").
        var environment = threads > 1 ? new Dictionary<string, string> { ["OMP_WAIT_POLICY"] = "PASSIVE" } : null;
        return Start(settings.Python, new[] { script, "--serve", "--threads", $"{threads}", "--seed", $"{seed}", "--data", settings.DataDirectory }, environment);
    }

    /// <summary>This program in its <c>serve</c> mode: the hand-written TorchSharp model (see <see cref="HandWrittenServer"/>).</summary>
    public static EpochServer HandWritten(BenchmarkSettings settings, ModelKind kind, int threads)
    {
        var program = typeof(EpochServer).Assembly.Location;
        var arguments = new List<string>
        {
            program, "serve", "--models", kind == ModelKind.Mlp ? "mlp" : "conv", "--threads", $"{threads}", "--data", settings.DataDirectory,
        };
        if (settings.TrainLimit is { } limit)
        {
            arguments.AddRange(new[] { "--train-limit", $"{limit}" });
        }

        return Start(Environment.ProcessPath ?? "dotnet", arguments);
    }

    /// <summary>Trains one epoch in the server and returns its seconds, processor seconds (NaN if not reported), loss and
    /// the server's resident memory (if reported).</summary>
    public EpochTiming Epoch()
    {
        process.StandardInput.WriteLine("epoch");
        process.StandardInput.Flush();
        var line = process.StandardOutput.ReadLine()
            ?? throw new InvalidOperationException($"{description} stopped (exit code {(process.WaitForExit(5000) ? process.ExitCode : -1)})");
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        var cpu = root.TryGetProperty("cpu_seconds", out var reported) ? reported.GetDouble() : double.NaN;
        long? resident = root.TryGetProperty("resident_kib", out var kib) ? kib.GetInt64() : null;
        return new EpochTiming(root.GetProperty("train_seconds").GetDouble(), cpu, root.GetProperty("train_loss").GetDouble(), resident);
    }

    public void Dispose()
    {
        process.StandardInput.Close();
        if (!process.WaitForExit(30_000))
        {
            process.Kill();
        }

        process.Dispose();
    }

    private static EpochServer Start(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var description = $"{program} {string.Join(" ", start.ArgumentList)}";
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {description}");
        var server = new EpochServer(process, description);
        var first = process.StandardOutput.ReadLine();
        if (first != "ready")
        {
            server.Dispose();
            throw new InvalidOperationException($"{description} did not start (first line: '{first ?? "end of output"}')");
        }

        return server;
    }
}
