using System;
using System.IO;
using System.Linq;
using VaeDsl.Testing;

namespace VaeDsl.Package.Tests.Infrastructure;

/// <summary>
/// VaeDsl, VaeDsl.Runtime and VaeDsl.Tool packed by scripts/pack.sh into a local feed in a temporary folder, under a version no
/// earlier run used. The build happens in the temporary folder too (--artifacts-path), so the repository is left as
/// it was. Shared by the tests of a class; everything is deleted afterwards.
/// </summary>
public sealed class PackedFeed : IDisposable
{
    public PackedFeed()
    {
        Root = Directory.CreateTempSubdirectory("vaedsl-package-tests-").FullName;
        FeedDirectory = Path.Combine(Root, "feed");
        Version = $"0.1.0-test.{DateTime.UtcNow:yyyyMMddHHmmssfff}";

        var pack = ProcessRunner.Run(
            "bash",
            [RepositoryRoot.File("scripts", "pack.sh"), Version, FeedDirectory, "--artifacts-path", Path.Combine(Root, "build")],
            RepositoryRoot.Path);
        foreach (var id in new[] { "VaeDsl", "VaeDsl.Runtime", "VaeDsl.Tool" })
        {
            if (pack.ExitCode != 0 || !File.Exists(Path.Combine(FeedDirectory, $"{id}.{Version}.nupkg")))
            {
                throw new InvalidOperationException($"packing did not produce {id}.{Version}.nupkg:\n{pack}");
            }
        }

        MachinePackagesFolder = FindMachinePackagesFolder();
    }

    /// <summary>The temporary folder holding the feed, the build and the consumer projects.</summary>
    public string Root { get; }

    /// <summary>The local feed with the three packages.</summary>
    public string FeedDirectory { get; }

    /// <summary>The version the packages were packed with.</summary>
    public string Version { get; }

    /// <summary>The machine's NuGet global packages folder, where TorchSharp and the other dependencies already are.</summary>
    public string MachinePackagesFolder { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a process that outlived its build; the temporary folder is the system's to clean.
        }
    }

    private static string FindMachinePackagesFolder()
    {
        var locals = ProcessRunner.Run("dotnet", ["nuget", "locals", "global-packages", "--list"], RepositoryRoot.Path);
        const string prefix = "global-packages:";
        var line = locals.Output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        if (locals.ExitCode != 0 || line is null)
        {
            throw new InvalidOperationException($"could not find NuGet's global packages folder:\n{locals}");
        }
        return line[prefix.Length..].Trim();
    }
}
