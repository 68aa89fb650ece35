using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using VaeDsl.Runtime.Training;
using Xunit;

namespace VaeDsl.Runtime.Tests.Training;

public sealed class KillAndResumeTests : IDisposable
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(2);
    private readonly string directory = Path.Combine(Path.GetTempPath(), "vaedsl-kill-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void AProcessKilledMidEpochResumesFromItsLastCheckpointBitForBit()
    {
        Directory.CreateDirectory(directory);
        var checkpoint = Path.Combine(directory, "run.ckpt");
        var printed = RunChildUntilBlocked(checkpoint);

        // The uninterrupted reference run, in this process.
        var (train, test, options) = KilledTrainingChild.Run();
        Seeding.Set(KilledTrainingChild.Seed);
        var uninterrupted = new Trainer(new TinyVae(), options).Fit(train, test);

        // The child got through epochs 1 and 2 (checkpointed) and was killed inside epoch 3.
        Assert.Equal(new[] { 1, 2 }, printed.Select(p => p.Epoch));
        Assert.Equal(uninterrupted.Take(2).Select(m => m.TrainLoss), printed.Select(p => p.TrainLoss));
        Assert.Equal(uninterrupted.Take(2).Select(m => m.TestLoss), printed.Select(p => (double?)p.TestLoss));

        // The atomic write left one complete checkpoint and no temporary file; the metrics hold exactly epochs 1-2.
        Assert.Equal(new[] { "metrics.csv", "metrics.jsonl", "run.ckpt" }, Directory.GetFiles(directory).Select(Path.GetFileName).Order());
        Assert.Equal(2, File.ReadAllLines(Path.Combine(directory, "metrics.jsonl")).Length);

        Seeding.Set(99); // a different initialisation that the checkpoint must overwrite
        var resumed = new Trainer(new TinyVae(), options with { CheckpointPath = checkpoint, OutputDirectory = directory });
        resumed.Resume(checkpoint);
        Assert.Equal(2, resumed.CompletedEpochs);
        var rest = resumed.Fit(train, test);

        Assert.Equal(new[] { 3, 4 }, rest.Select(m => m.Epoch));
        Assert.Equal(uninterrupted.Skip(2).Select(m => m.TrainLoss), rest.Select(m => m.TrainLoss));
        Assert.Equal(uninterrupted.Skip(2).Select(m => m.TestLoss), rest.Select(m => m.TestLoss));
        Assert.Equal(4, File.ReadAllLines(Path.Combine(directory, "metrics.jsonl")).Length);
    }

    /// <summary>Starts the child, reads its checkpoint lines until it reports being blocked mid-epoch, then kills it.</summary>
    private List<(int Epoch, double TrainLoss, double TestLoss)> RunChildUntilBlocked(string checkpoint)
    {
        var assembly = typeof(KilledTrainingChild).Assembly.Location;
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { assembly, KilledTrainingChild.Mode, checkpoint, directory })
        {
            start.ArgumentList.Add(argument);
        }

        using var child = Process.Start(start) ?? throw new InvalidOperationException("could not start the child process");
        var errors = child.StandardError.ReadToEndAsync();
        var printed = new List<(int, double, double)>();
        var transcript = new List<string>();
        try
        {
            while (true)
            {
                var next = child.StandardOutput.ReadLineAsync();
                if (!next.Wait(Generous))
                {
                    throw new TimeoutException($"the child printed nothing for {Generous}; so far: {string.Join(" | ", transcript)}");
                }

                var line = next.Result ?? throw new InvalidOperationException(
                    $"the child ended before blocking mid-epoch; output: {string.Join(" | ", transcript)}; errors: {Drain(errors)}");
                transcript.Add(line);
                if (line.StartsWith(KilledTrainingChild.BlockedLine, StringComparison.Ordinal))
                {
                    Assert.Equal($"{KilledTrainingChild.BlockedLine} {KilledTrainingChild.BlockedEpoch} after step 2", line);
                    break;
                }

                var parts = line.Split(' ');
                Assert.Equal(KilledTrainingChild.CheckpointLine, parts[0]);
                printed.Add((int.Parse(parts[1], CultureInfo.InvariantCulture),
                    double.Parse(parts[2], CultureInfo.InvariantCulture), double.Parse(parts[3], CultureInfo.InvariantCulture)));
            }
        }
        finally
        {
            child.Kill(entireProcessTree: true);
            child.WaitForExit();
        }

        Assert.NotEqual(0, child.ExitCode);
        return printed;
    }

    private static string Drain(Task<string> text) => text.Wait(TimeSpan.FromSeconds(5)) ? text.Result : "(unavailable)";
}
