using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using VaeDsl.Runtime.Training;
using Xunit;

namespace VaeDsl.Runtime.Tests.Training;

/// <summary>
/// A training process killed at an exact instant (mid-epoch, or at a step of a file write) and resumed from its
/// checkpoint ends exactly like the uninterrupted run: the same losses of every epoch, the same early stop, every
/// metrics row once, no temporary file left, and nothing of what the killed run had checkpointed lost or changed.
/// </summary>
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

    [Theory]
    // Inside epoch 3, after the checkpoint of epoch 2.
    [InlineData(KilledTrainingChild.MidEpoch, 2, 2)]
    // The second checkpoint written to its temporary file but not renamed: a stale temporary is left behind.
    [InlineData("written run.ckpt 2", 1, 1)]
    // The second checkpoint renamed into place, its epoch's metrics row not yet appended.
    [InlineData("renamed run.ckpt 2", 1, 2)]
    // Between the second epoch's row in metrics.jsonl and the one in metrics.csv.
    [InlineData("appended metrics.jsonl 2", 1, 2)]
    public void AProcessKilledAtAnyInstantResumesFromItsLastCheckpointAsIfNeverKilled(string killPoint, int printedEpochs, int checkpointedEpochs)
    {
        Directory.CreateDirectory(directory);
        var checkpoint = Path.Combine(directory, "run.ckpt");
        var printed = RunChildUntilBlocked(checkpoint, killPoint);
        var jsonPath = Path.Combine(directory, "metrics.jsonl");
        var rowsBeforeResume = File.ReadAllLines(jsonPath);

        // The uninterrupted reference run, in this process.
        var (train, test, options) = KilledTrainingChild.Run();
        Seeding.Set(KilledTrainingChild.Seed);
        var reference = new Trainer(KilledTrainingChild.Model(), options);
        reference.Fit(train, test);
        var uninterrupted = reference.History;
        Assert.True(uninterrupted.Count > checkpointedEpochs);

        Assert.Equal(Enumerable.Range(1, printedEpochs), printed.Select(p => p.Epoch));
        Assert.Equal(uninterrupted.Take(printedEpochs).Select(m => m.TrainLoss), printed.Select(p => p.TrainLoss));

        Seeding.Set(99); // a different initialisation that the checkpoint must overwrite
        var resumed = new Trainer(KilledTrainingChild.Model(), options with { CheckpointPath = checkpoint, OutputDirectory = directory });
        resumed.Resume(checkpoint);
        Assert.Equal(checkpointedEpochs, resumed.CompletedEpochs);
        resumed.Fit(train, test);

        Assert.Equal(uninterrupted.Select(m => m.Epoch), resumed.History.Select(m => m.Epoch));
        Assert.Equal(uninterrupted.Select(m => m.TrainLoss), resumed.History.Select(m => m.TrainLoss));
        Assert.Equal(uninterrupted.Select(m => m.ValidationLoss), resumed.History.Select(m => m.ValidationLoss));
        Assert.Equal(uninterrupted.Select(m => m.TestLoss), resumed.History.Select(m => m.TestLoss));
        Assert.Equal(reference.StoppedEarly, resumed.StoppedEarly);

        // One row per epoch in both files, the checkpointed rows the killed run wrote unchanged, no temporary left.
        var rows = File.ReadAllLines(jsonPath);
        Assert.Equal(uninterrupted.Select(m => m.Epoch), rows.Select(row => JsonDocument.Parse(row).RootElement.GetProperty("epoch").GetInt32()));
        Assert.Equal(uninterrupted.Select(m => m.TrainLoss), rows.Select(row => JsonDocument.Parse(row).RootElement.GetProperty("train_loss").GetDouble()));
        Assert.Equal(rowsBeforeResume.Take(checkpointedEpochs), rows.Take(Math.Min(checkpointedEpochs, rowsBeforeResume.Length)));
        var csv = File.ReadAllLines(Path.Combine(directory, "metrics.csv"));
        Assert.Equal(uninterrupted.Select(m => m.Epoch.ToString(CultureInfo.InvariantCulture)), csv.Skip(1).Select(row => row.Split(',')[0]));
        Assert.Equal(new[] { "metrics.csv", "metrics.jsonl", "run.ckpt" }, Directory.GetFiles(directory).Select(Path.GetFileName).Order());
    }

    /// <summary>Starts the child, reads its epoch lines until it reports being blocked at its kill point, then kills it.</summary>
    private List<(int Epoch, double TrainLoss, double TestLoss)> RunChildUntilBlocked(string checkpoint, string killPoint)
    {
        var assembly = typeof(KilledTrainingChild).Assembly.Location;
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { assembly, KilledTrainingChild.Mode, checkpoint, directory, killPoint })
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
                    $"the child ended before its kill point; output: {string.Join(" | ", transcript)}; errors: {Drain(errors)}");
                transcript.Add(line);
                if (line.StartsWith(KilledTrainingChild.BlockedLine, StringComparison.Ordinal))
                {
                    var expected = killPoint == KilledTrainingChild.MidEpoch ? $"{killPoint} {KilledTrainingChild.BlockedEpoch}" : killPoint;
                    Assert.Equal($"{KilledTrainingChild.BlockedLine} {expected}", line);
                    break;
                }

                var parts = line.Split(' ');
                Assert.Equal(KilledTrainingChild.EpochLine, parts[0]);
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
