using System;
using System.IO;
using VaeDsl.Testing;

namespace VaeDsl.Package.Tests.Infrastructure;

/// <summary>
/// A console project made the way a user makes one (dotnet new console, dotnet add package VaeDsl) in a folder of
/// its own, restoring from the packed feed and the machine's usual source.
/// </summary>
internal sealed class ConsumerProject
{
    private ConsumerProject(string directory) => Directory = directory;

    /// <summary>The project folder.</summary>
    public string Directory { get; }

    /// <summary>The CPU build of libtorch for this machine, the backend the README tells a user to add.</summary>
    public const string HostLibTorch = "libtorch-cpu-linux-x64";

    /// <summary>The libtorch version TorchSharp 0.107.0 is built against.</summary>
    public const string LibTorchVersion = "2.10.0";

    /// <summary>
    /// Creates the project with <paramref name="model"/> as model.vae and <paramref name="program"/> as Program.cs,
    /// referencing VaeDsl and, unless <paramref name="backend"/> is null, that libtorch package.
    /// </summary>
    public static ConsumerProject Create(PackedFeed feed, string folderName, string model, string program, string? backend = HostLibTorch)
    {
        var directory = Path.Combine(feed.Root, folderName);
        System.IO.Directory.CreateDirectory(directory);
        var consumer = new ConsumerProject(directory);
        consumer.Succeed("new", "console", "--name", "Consumer", "--output", ".", "--no-restore");
        File.WriteAllText(Path.Combine(directory, "NuGet.config"), NuGetConfig(feed));
        File.WriteAllText(Path.Combine(directory, "model.vae"), model);
        File.WriteAllText(Path.Combine(directory, "Program.cs"), program);
        consumer.Succeed("add", "package", "VaeDsl", "--version", feed.Version);
        if (backend is not null) consumer.Succeed("add", "package", backend, "--version", LibTorchVersion);
        return consumer;
    }

    /// <summary>The project file.</summary>
    public string ProjectFile => Path.Combine(Directory, "Consumer.csproj");

    /// <summary>Runs <c>dotnet</c> with <paramref name="arguments"/> in the project folder.</summary>
    public ProcessResult Dotnet(params string[] arguments) => ProcessRunner.Run("dotnet", arguments, Directory);

    private void Succeed(params string[] arguments)
    {
        var result = Dotnet(arguments);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"setting up the consumer project failed:\n{result}");
        }
    }

    // Sources: the feed plus nuget.org as the machine knows it. VaeDsl is extracted into a packages folder of
    // this run only; everything else is read from the machine's packages folder, so TorchSharp is not copied again.
    private static string NuGetConfig(PackedFeed feed) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <config>
            <add key="globalPackagesFolder" value="{Path.Combine(feed.Root, "packages")}" />
          </config>
          <packageSources>
            <add key="vaedsl-test-feed" value="{feed.FeedDirectory}" />
            <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
          </packageSources>
          <fallbackPackageFolders>
            <add key="machine" value="{feed.MachinePackagesFolder}" />
          </fallbackPackageFolders>
        </configuration>
        """;
}
