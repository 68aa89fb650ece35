using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using VaeDsl.Package.Tests.Infrastructure;
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
        foreach (var (epoch, loss) in epochs)
        {
            Assert.True(double.IsFinite(loss), $"epoch {epoch}: loss {loss}\n{run}");
            // Loss per example = summed cross-entropy + KL ≥ summed entropy of the data (float rounding aside).
            Assert.True(loss >= bound - 1e-3, $"epoch {epoch}: loss {loss} is below the entropy of the data, {bound}\n{run}");
        }
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
}
