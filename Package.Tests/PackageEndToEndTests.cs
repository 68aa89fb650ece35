using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using VaeDsl.Package.Tests.Infrastructure;
using VaeDsl.Testing;
using Xunit;

namespace VaeDsl.Package.Tests;

/// <summary>
/// The packed VaeDsl package used exactly as a user would: a fresh console project adds it from a feed, drops in a
/// .vae file, builds, trains, and sees a mistake in the .vae file reported at its line and column.
/// </summary>
public sealed class PackageEndToEndTests(PackedFeed feed) : IClassFixture<PackedFeed>
{
    private static readonly string Model = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Consumer", "model.vae"));
    private static readonly string Program = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Consumer", "Program.cs.txt"));

    [Fact]
    public void A_consumer_project_builds_runs_and_trains_two_epochs_with_finite_losses()
    {
        var consumer = ConsumerProject.Create(feed, "trains", Model, Program);

        var build = consumer.Dotnet("build");
        Assert.True(build.ExitCode == 0, build.ToString());
        var run = consumer.Dotnet("run", "--no-build");
        Assert.True(run.ExitCode == 0, run.ToString());

        var bound = double.Parse(Regex.Match(run.Output, @"^entropy-bound (\S+)$", RegexOptions.Multiline).Groups[1].Value, CultureInfo.InvariantCulture);
        var epochs = Regex.Matches(run.Output, @"^epoch (\d+) loss (\S+)$", RegexOptions.Multiline)
            .Select(m => (Epoch: int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), Loss: double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)))
            .ToList();
        Assert.Equal([1, 2], epochs.Select(e => e.Epoch));
        AssertOnlyTheHostLibTorch(consumer);
        foreach (var (epoch, loss) in epochs)
        {
            Assert.True(double.IsFinite(loss), $"epoch {epoch}: loss {loss}\n{run}");
            // Loss per example = summed cross-entropy + KL ≥ summed entropy of the data (float rounding aside).
            Assert.True(loss >= bound - 1e-3, $"epoch {epoch}: loss {loss} is below the entropy of the data, {bound}\n{run}");
        }
    }

    /// <summary>
    /// The README's install section run as a user copies it: its commands (with this run's packages folder and
    /// version), its Models/Tiny.vae and Program.cs, then <c>dotnet run</c>, on an empty package cache (a fresh
    /// NUGET_PACKAGES folder), so TorchSharp, ScottPlot and SkiaSharp must come from nuget.org and VaeDsl from the
    /// local folder. A fallback to the machine's packages folder would be cheaper but would hide a missing source:
    /// NuGet takes a package found there without asking any source, which is how <c>--source</c> alone passes on a
    /// warm machine and fails with NU1101 on a fresh one. The restore into the empty cache took 27 to 62 s here. It
    /// fills 1.6 GB (libtorch for three platforms), deleted as soon as the test ends, since the disk is shared; the
    /// HTTP cache stays the machine's, which changes no outcome because NuGet only reads it for a configured source.
    /// </summary>
    [Fact]
    public void The_readme_install_commands_work_from_an_empty_package_cache()
    {
        var readme = ReadmeInstall.Read();
        var folder = Path.Combine(feed.Root, "readme");
        Directory.CreateDirectory(folder);
        var packages = Path.Combine(feed.Root, "empty-cache");
        var environment = new Dictionary<string, string?> { ["NUGET_PACKAGES"] = packages };
        try
        {
            InstallBuildAndRun(readme, folder, packages, environment);
        }
        finally
        {
            if (Directory.Exists(packages)) Directory.Delete(packages, recursive: true);
        }
    }

    private void InstallBuildAndRun(ReadmeInstall readme, string folder, string packages, Dictionary<string, string?> environment)
    {
        var install = ProcessRunner.Run("bash", ["-euo", "pipefail", "-c", readme.CommandsFor(feed)], folder, environment);
        Assert.True(install.ExitCode == 0, install.ToString());
        Assert.Contains("cd MyApp", readme.Commands);
        var project = Path.Combine(folder, "MyApp");
        Directory.CreateDirectory(Path.Combine(project, "Models"));
        File.WriteAllText(Path.Combine(project, "Models", "Tiny.vae"), readme.Model);
        File.WriteAllText(Path.Combine(project, "Program.cs"), readme.Program);
        var run = ProcessRunner.Run("dotnet", ["run"], project, environment);

        Assert.True(run.ExitCode == 0, run.ToString());
        var losses = Regex.Matches(run.StandardOutput, @"^epoch (\d+): (\S+) nats$", RegexOptions.Multiline)
            .Select(m => (Epoch: int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), Loss: double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)))
            .ToList();
        Assert.True(losses.Select(l => l.Epoch).SequenceEqual([1, 2]), run.ToString());
        // Cross-entropy against values in [0, 1] and a KL are both positive.
        Assert.All(losses, l => Assert.True(double.IsFinite(l.Loss) && l.Loss > 0, run.ToString()));
        // Everything was restored into the empty cache, TorchSharp from nuget.org and VaeDsl from the local folder;
        // of libtorch only this platform's CPU build.
        Assert.True(Directory.Exists(Path.Combine(packages, "torchsharp", "0.107.0")), install.ToString());
        Assert.True(Directory.Exists(Path.Combine(packages, ConsumerProject.HostLibTorch, ConsumerProject.LibTorchVersion)), install.ToString());
        foreach (var other in new[] { "torchsharp-cpu", "libtorch-cpu", "libtorch-cpu-win-x64", "libtorch-cpu-osx-arm64" })
        {
            Assert.False(Directory.Exists(Path.Combine(packages, other)), $"{other} was restored:\n{install}");
        }
        Assert.True(Directory.Exists(Path.Combine(packages, "vaedsl", feed.Version.ToLowerInvariant())), install.ToString());
    }

    /// <summary>
    /// The tool as a user installs it (<c>dotnet tool install</c> from the feed): its <c>vae check</c> passes an example,
    /// and its <c>vae train</c> trains one epoch and writes the pictures, which needs the libtorch and the TorchSharp
    /// native fix the package carries, since no build runs on the user's machine.
    /// </summary>
    [Fact]
    public void The_tool_package_installs_and_its_vae_checks_and_trains_an_example_model()
    {
        var tools = Path.Combine(feed.Root, "tools");
        var install = ProcessRunner.Run("dotnet",
            ["tool", "install", "VaeDsl.Tool", "--tool-path", tools, "--version", feed.Version, "--add-source", feed.FeedDirectory], feed.Root);
        Assert.True(install.ExitCode == 0, install.ToString());
        var vae = Path.Combine(tools, "vae");
        const string model = "Examples/MnistMlp/MnistMlp.vae";

        var check = ProcessRunner.Run(vae, ["check", model], RepositoryRoot.Path);
        var output = Path.Combine(feed.Root, "trained");
        var train = ProcessRunner.Run(vae,
            ["train", model, "--data", RepositoryRoot.File("data", "mnist"), "--epochs", "1", "--train-limit", "64", "--loglik-examples", "0", "--out", output],
            RepositoryRoot.Path);

        Assert.True(check.ExitCode == 0, check.ToString());
        Assert.True(train.ExitCode == 0, train.ToString());
        Assert.Matches(@"(?m)^epoch +1 +train +\d", train.StandardOutput);
        Assert.True(File.Exists(Path.Combine(output, "samples.png")), train.ToString());
    }

    /// <summary>The MSBuild opt-in of the PyTorch export: each build writes the twin package of every .vae file, the
    /// exported train.py runs under Debian's PyTorch, and a folder that cannot be written fails the build naming it.</summary>
    [Fact]
    public void A_project_that_opts_into_the_pytorch_export_gets_each_vae_files_package_on_build()
    {
        var consumer = ConsumerProject.Create(feed, "exports", Model, Program);

        var build = consumer.Dotnet("build", "-p:VaeDslExportPyTorch=true");

        Assert.True(build.ExitCode == 0, build.ToString());
        var exported = Path.Combine(consumer.Directory, "bin", "Debug", "net10.0", "pytorch", "model");
        Assert.Contains("class Tiny(nn.Module):", File.ReadAllText(Path.Combine(exported, "model", "models.py")), StringComparison.Ordinal);
        var help = ProcessRunner.Run("/usr/bin/python3", ["-W", "error", "train.py", "--help"], exported);
        Assert.True(help.ExitCode == 0, help.ToString());
        Assert.Contains("--epochs", help.StandardOutput, StringComparison.Ordinal);

        var blocked = Path.Combine(consumer.Directory, "not-a-folder");
        File.WriteAllText(blocked, "");
        var refused = consumer.Dotnet("build", "-p:VaeDslExportPyTorch=true", $"-p:VaeDslPyTorchOutputPath={Path.Combine(blocked, "pytorch")}");

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("model.vae : error VAE9102: the PyTorch export could not write to", refused.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_misspelt_layer_fails_the_build_at_its_line_and_column_in_the_vae_file()
    {
        var firstLayer = Model.IndexOf("linear(hidden)", StringComparison.Ordinal);
        Assert.True(firstLayer >= 0, "the consumer model has no linear(hidden) layer to misspell");
        var broken = string.Concat(Model.AsSpan(0, firstLayer), "linaer", Model.AsSpan(firstLayer + "linear".Length));
        var before = Model[..firstLayer].Replace("\r\n", "\n", StringComparison.Ordinal);
        var line = before.Count(c => c == '\n') + 1;
        var column = before.Length - (before.LastIndexOf('\n') + 1) + 1;
        var consumer = ConsumerProject.Create(feed, "misspelt", broken, Program);

        var build = consumer.Dotnet("build");

        Assert.NotEqual(0, build.ExitCode);
        var location = $"model.vae({line},{column}): error VAE";
        var error = build.Output.Split('\n').FirstOrDefault(l => l.Contains(location, StringComparison.Ordinal));
        Assert.True(error is not null, $"no line with '{location}' in:\n{build}");
        Assert.Contains("'linaer'", error);
    }

    [Fact]
    public void A_generator_that_cannot_load_is_an_error_and_the_projects_own_warnings_as_errors_stay()
    {
        var consumer = ConsumerProject.Create(feed, "warnings", Model, Program);
        var project = Path.Combine(consumer.Directory, "Consumer.csproj");
        var text = File.ReadAllText(project);
        File.WriteAllText(project, text.Replace("</Project>", "  <PropertyGroup>\n    <WarningsAsErrors>CS0168</WarningsAsErrors>\n  </PropertyGroup>\n</Project>", StringComparison.Ordinal));

        var result = consumer.Dotnet("msbuild", "-restore", "-getProperty:WarningsAsErrors");

        Assert.True(result.ExitCode == 0, result.ToString());
        var codes = result.Output.Trim().Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains("CS0168", codes);
        Assert.Contains("CS8784", codes);
        Assert.Contains("CS8785", codes);
    }

    [Fact]
    public void A_consumer_without_a_libtorch_backend_fails_its_build_naming_the_package_to_add()
    {
        var consumer = ConsumerProject.Create(feed, "no-backend", Model, Program, backend: null);

        var build = consumer.Dotnet("build");

        Assert.NotEqual(0, build.ExitCode);
        var error = build.Output.Split('\n').FirstOrDefault(l => l.Contains("error VAENATIVE2", StringComparison.Ordinal));
        Assert.True(error is not null, $"no VAENATIVE2 error in:\n{build}");
        Assert.Contains($"dotnet add package {ConsumerProject.HostLibTorch} --version {ConsumerProject.LibTorchVersion}", error);
    }

    /// <summary>
    /// The GPU route of the README: the one backend reference swapped for the CUDA build. No CUDA package is served
    /// here, so the graph is checked without restoring it: the project's package references, then every dependency
    /// reachable through the packages' nuspec files (all dependency groups, so an over-approximation), must hold no
    /// CPU build of libtorch, so nothing but the CUDA one can be restored beside TorchSharp.
    /// </summary>
    [Fact]
    public void Swapping_the_backend_reference_for_cuda_leaves_no_cpu_libtorch_in_the_graph()
    {
        var consumer = ConsumerProject.Create(feed, "cuda", Model, Program);
        var text = File.ReadAllText(consumer.ProjectFile);
        var cpu = $"Include=\"{ConsumerProject.HostLibTorch}\"";
        Assert.Contains(cpu, text);
        File.WriteAllText(consumer.ProjectFile, text.Replace(cpu, $"Include=\"{CudaLibTorch}\"", StringComparison.Ordinal));

        var items = consumer.Dotnet("msbuild", "-getItem:PackageReference");

        Assert.True(items.ExitCode == 0, items.ToString());
        var references = JsonDocument.Parse(items.StandardOutput).RootElement.GetProperty("Items").GetProperty("PackageReference")
            .EnumerateArray().Select(i => (Id: i.GetProperty("Identity").GetString()!, Version: i.GetProperty("Version").GetString()!))
            .ToList();
        Assert.Contains((CudaLibTorch, ConsumerProject.LibTorchVersion), references);
        var graph = new NuspecGraph(feed);
        var reached = graph.Closure(references.Where(r => r.Id != CudaLibTorch));
        Assert.Contains("vaedsl.runtime", reached);
        Assert.Contains("torchsharp", reached);
        Assert.Contains("scottplot", reached);
        var cpuBuilds = reached.Where(id => id.StartsWith("libtorch-", StringComparison.Ordinal) || id.StartsWith("torchsharp-", StringComparison.Ordinal));
        Assert.Empty(cpuBuilds);
    }

    private const string CudaLibTorch = "libtorch-cuda-12.8-linux-x64";

    // The default consumer restored this platform's CPU libtorch and nothing of the other platforms, and its output
    // folder holds only this platform's copy.
    private static void AssertOnlyTheHostLibTorch(ConsumerProject consumer)
    {
        var assets = JsonDocument.Parse(File.ReadAllText(Path.Combine(consumer.Directory, "obj", "project.assets.json")));
        var libraries = assets.RootElement.GetProperty("libraries").EnumerateObject().Select(p => p.Name.ToLowerInvariant()).ToList();
        Assert.Contains($"{ConsumerProject.HostLibTorch}/{ConsumerProject.LibTorchVersion}", libraries);
        Assert.DoesNotContain(libraries, l => l.StartsWith("libtorch-", StringComparison.Ordinal) && !l.StartsWith(ConsumerProject.HostLibTorch + "/", StringComparison.Ordinal));
        Assert.DoesNotContain(libraries, l => l.StartsWith("torchsharp-cpu/", StringComparison.Ordinal));
        var files = Directory.GetFiles(Path.Combine(consumer.Directory, "bin"), "*", SearchOption.AllDirectories).Select(Path.GetFileName).ToList();
        Assert.Contains("libtorch_cpu.so", files);
        Assert.DoesNotContain("torch_cpu.dll", files);
        Assert.DoesNotContain("libtorch_cpu.dylib", files);
    }
}
