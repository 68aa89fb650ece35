using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using VaeDsl.Testing;
using Xunit;

namespace VaeDsl.Examples.Tests;

/// <summary>
/// Every example runs from its README command line, shortened (one epoch on a few examples): it exits with 0, prints
/// its epoch line, and writes the metrics and pictures its README lists. This is what keeps the examples from
/// breaking unnoticed when the Runtime or the generator changes.
/// </summary>
public sealed class ExampleProgramTests : IDisposable
{
    private readonly string output = Path.Combine(Path.GetTempPath(), "vaedsl-example-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Theory]
    [InlineData("MnistMlp", "reconstructions.png", "samples.png", "latent_scatter.png")]
    [InlineData("MnistConv", "reconstructions.png", "samples.png", "latent_scatter.png")]
    [InlineData("BetaVae", "traversals.png", "reconstructions.png", "samples.png")]
    [InlineData("ConditionalVae", "digits.png", "samples.png", "reconstructions.png")]
    [InlineData("Tabular", "latent_scatter.png", "latent_scatter_all.png")]
    public void The_example_runs_and_writes_its_metrics_and_pictures(string example, params string[] pictures)
    {
        var run = Run(example, "--out", output, "--epochs", "1", "--train-limit", "64", "--loglik-examples", "4");

        Assert.True(run.ExitCode == 0, run.Text);
        Assert.Contains("epoch   1", run.Text);
        var metrics = File.ReadAllLines(Path.Combine(output, "metrics.csv"));
        Assert.Equal(2, metrics.Length);
        Assert.StartsWith("epoch,train_loss,test_loss,seconds,resident_mib", metrics[0]);
        foreach (var picture in pictures.Append("loss_curves.png").Append("model.weights"))
        {
            var path = Path.Combine(output, picture);
            Assert.True(File.Exists(path) && new FileInfo(path).Length > 100, $"{example} did not write {picture}:\n{run.Text}");
        }
    }

    [Fact]
    public void The_iwae_example_trains_both_models_and_compares_their_log_likelihoods()
    {
        var run = Run("Iwae", "--out", output, "--epochs", "1", "--train-limit", "64", "--loglik-examples", "4");

        Assert.True(run.ExitCode == 0, run.Text);
        Assert.Contains("difference (IWAE − VAE)", run.Text);
        Assert.True(File.Exists(Path.Combine(output, "plain-vae", "metrics.csv")), run.Text);
        Assert.True(File.Exists(Path.Combine(output, "iwae", "metrics.csv")), run.Text);
    }

    [Fact]
    public void With_checkpoints_a_second_run_resumes_where_the_first_stopped()
    {
        var common = new[] { "--out", output, "--train-limit", "64", "--loglik-examples", "0", "--checkpoint-every", "1" };

        var first = Run("MnistMlp", [.. common, "--epochs", "2"]);
        Assert.True(first.ExitCode == 0, first.Text);
        Assert.True(File.Exists(Path.Combine(output, "checkpoint.ckpt")), first.Text);
        var second = Run("MnistMlp", [.. common, "--epochs", "3"]);

        Assert.True(second.ExitCode == 0, second.Text);
        Assert.Contains("after epoch 2 (delete it to start over)", second.Text);
        Assert.DoesNotContain("epoch   1 ", second.Text);
        Assert.Contains("epoch   3 ", second.Text);
        var epochs = File.ReadAllLines(Path.Combine(output, "metrics.csv")).Skip(1).Select(row => row.Split(',')[0]);
        Assert.Equal(new[] { "1", "2", "3" }, epochs);
    }

    [Fact]
    public void A_table_that_does_not_fit_the_model_is_one_line_on_standard_error_and_exit_code_1()
    {
        // Two feature columns where WineVae reads thirteen.
        var data = Path.Combine(output, "data");
        Directory.CreateDirectory(data);
        File.WriteAllLines(Path.Combine(data, "wine.csv"),
            new[] { "class,f1,f2" }.Concat(Enumerable.Range(0, 30).Select(i => $"{1 + (i % 3)},{i * 0.1:F1},{30 - i}")));

        var run = Run("Tabular", "--data", data, "--out", Path.Combine(output, "out"), "--epochs", "1");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("error: the training set's examples have shape [2] but WineVae takes [13] (its input in the .vae file)", run.Text);
        Assert.DoesNotContain("   at ", run.Text);
    }

    [Fact]
    public void A_bad_option_is_one_line_on_standard_error_and_exit_code_2()
    {
        var run = Run("MnistMlp", "--epochs", "many");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error: option '--epochs' needs a positive whole number, not 'many'.", run.Text);
    }

    /// <summary>Runs the example's built program (same configuration as these tests) and returns its exit code and output.</summary>
    private static (int ExitCode, string Text) Run(string example, params string[] arguments)
    {
        // These tests run from bin/<Configuration>/net10.0/; the examples are built in the same configuration.
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var program = Path.Combine(RepositoryRoot.Path, "Examples", example, "bin", configuration, "net10.0", example + ".dll");
        Assert.True(File.Exists(program), $"{program} is not built");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(program);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, text + errors.Result);
    }
}
