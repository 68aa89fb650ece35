using System;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace VaeDsl.Generator.Tests.Infrastructure;

/// <summary>Snapshot testing in Verify's conventions: the expected text is the committed
/// <c>Snapshots/Name.verified.cs</c>; on a mismatch the actual text is written to <c>Name.received.cs</c> beside it
/// and the test fails with a line diff. Accept all received files with <c>scripts/accept-snapshots.sh</c>.</summary>
internal static class Snapshot
{
    public static void Verify(string name, string actual, [CallerFilePath] string callerPath = "")
    {
        var folder = Path.Combine(FindProjectFolder(callerPath), "Snapshots");
        var verified = Path.Combine(folder, name + ".verified.cs");
        var received = Path.Combine(folder, name + ".received.cs");
        actual = actual.Replace("\r\n", "\n");
        var expected = File.Exists(verified) ? File.ReadAllText(verified).Replace("\r\n", "\n") : null;
        if (expected == actual)
        {
            if (File.Exists(received)) File.Delete(received);
            return;
        }
        Directory.CreateDirectory(folder);
        File.WriteAllText(received, actual);
        var message = expected is null
            ? $"No snapshot {verified} yet. The output was written to {received}; review it and run scripts/accept-snapshots.sh to accept it."
            : $"The generated source differs from {verified}. The new output is in {received}; if the change is intended, run scripts/accept-snapshots.sh.\n{Diff(expected, actual)}";
        throw new SnapshotMismatchException(message);
    }

    private static string Diff(string expected, string actual)
    {
        var diff = InlineDiffBuilder.Diff(expected, actual);
        var text = new StringBuilder();
        var shown = 0;
        for (var i = 0; i < diff.Lines.Count && shown < 60; i++)
        {
            var line = diff.Lines[i];
            if (line.Type == ChangeType.Unchanged) continue;
            text.Append(line.Type == ChangeType.Inserted ? "+ " : "- ").Append(line.Position?.ToString() ?? "").Append(": ").AppendLine(line.Text);
            shown++;
        }
        return text.ToString();
    }

    private static string FindProjectFolder(string callerPath)
    {
        var directory = Path.GetDirectoryName(callerPath);
        while (directory is not null && Directory.GetFiles(directory, "*.csproj").Length == 0)
        {
            directory = Path.GetDirectoryName(directory);
        }
        return directory ?? throw new InvalidOperationException($"No project folder above {callerPath}");
    }
}

internal sealed class SnapshotMismatchException(string message) : Exception(message);
