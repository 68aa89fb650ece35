using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
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
    private readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Theory]
    [InlineData("MnistMlp", "reconstructions.png", "samples.png", "latent_scatter.png")]
    [InlineData("MnistConv", "reconstructions.png", "samples.png", "latent_scatter.png")]
    [InlineData("BetaVae", "traversals.png", "reconstructions.png", "samples.png")]
    [InlineData("ConditionalVae", "digits.png", "samples.png", "reconstructions.png")]
    [InlineData("Tabular", "latent_scatter.png", "latent_scatter_all.png")]
    [InlineData("CustomLayer", "reconstructions.png", "samples.png", "latent_scatter.png")]
    [InlineData("VqVae", "reconstructions.png", "samples.png")]
    [InlineData("SequenceVae", "words.txt")]
    public void The_example_runs_and_writes_its_metrics_and_pictures(string example, params string[] pictures)
    {
        var run = Run(example, "--out", folder.Path, "--epochs", "1", "--train-limit", "64", "--loglik-examples", "4");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("epoch   1", run.Output);
        if (example == "VqVae") Assert.Matches(@"epoch   1 .*   usage [\d.]+   perplexity [\d.]+   restarted \d+   test usage [\d.]+   test perplexity [\d.]+", run.Output);
        var metrics = File.ReadAllLines(Path.Combine(folder.Path, "metrics.csv"));
        Assert.Equal(2, metrics.Length);
        Assert.StartsWith("epoch,train_loss,test_loss,seconds,resident_mib", metrics[0]);
        foreach (var picture in pictures.Append("loss_curves.png").Append("model.weights").Append("model.safetensors"))
        {
            var path = Path.Combine(folder.Path, picture);
            Assert.True(File.Exists(path) && new FileInfo(path).Length > 100, $"{example} did not write {picture}:\n{run}");
        }
    }

    [Fact]
    public void The_iwae_example_trains_both_models_and_compares_their_log_likelihoods()
    {
        var run = Run("Iwae", "--out", folder.Path, "--epochs", "1", "--train-limit", "64", "--loglik-examples", "4");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("difference (IWAE − VAE)", run.Output);
        Assert.True(File.Exists(Path.Combine(folder.Path, "plain-vae", "metrics.csv")), run.ToString());
        Assert.True(File.Exists(Path.Combine(folder.Path, "iwae", "metrics.csv")), run.ToString());
    }

    [Fact]
    public void The_flow_example_trains_the_three_posteriors_and_compares_their_log_likelihoods()
    {
        var run = Run("FlowVae", "--out", folder.Path, "--epochs", "1", "--train-limit", "64", "--loglik-examples", "4", "--loglik-samples", "8");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("IafPosterior (2 IAF steps)", run.Output);
        Assert.Contains("against the Normal", run.Output);
        foreach (var model in new[] { "normal", "planar", "iaf" })
        {
            Assert.True(File.Exists(Path.Combine(folder.Path, model, "metrics.csv")), run.ToString());
        }
    }

    [Fact]
    public void The_hierarchical_example_trains_its_three_models_and_compares_their_log_likelihoods_and_active_units()
    {
        var run = Run("Hierarchical", "--out", folder.Path, "--epochs", "1", "--train-limit", "64", "--loglik-examples", "4", "--loglik-samples", "5");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("difference (two − one)", run.Output);
        Assert.Contains("difference (ladder − one)", run.Output);
        Assert.Matches(@"TwoLayer .* active units z1 \d+/100, z2 \d+/50", run.Output);
        Assert.Matches(@"Ladder \(top-down\) .* active units z1 \d+/100, z2 \d+/50", run.Output);
        Assert.Contains("\"train_kl_z2\":", File.ReadAllText(Path.Combine(folder.Path, "ladder", "metrics.jsonl")));
        Assert.Contains("\"train_kl_z1\":", File.ReadAllText(Path.Combine(folder.Path, "two-layer", "metrics.jsonl")));
        Assert.True(File.Exists(Path.Combine(folder.Path, "one-layer", "metrics.csv")), run.ToString());
    }

    [Fact]
    public void With_checkpoints_a_second_run_resumes_where_the_first_stopped()
    {
        var common = new[] { "--out", folder.Path, "--train-limit", "64", "--loglik-examples", "0", "--checkpoint-every", "1" };

        var first = Run("MnistMlp", [.. common, "--epochs", "2"]);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(File.Exists(Path.Combine(folder.Path, "checkpoint.ckpt")), first.ToString());
        var second = Run("MnistMlp", [.. common, "--epochs", "3"]);

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("after epoch 2 (delete it to start over)", second.Output);
        Assert.DoesNotContain("epoch   1 ", second.Output);
        Assert.Contains("epoch   3 ", second.Output);
        var epochs = File.ReadAllLines(Path.Combine(folder.Path, "metrics.csv")).Skip(1).Select(row => row.Split(',')[0]);
        Assert.Equal(new[] { "1", "2", "3" }, epochs);

        // Resumed from its last epoch, a run trains nothing but still writes the loss curves of the whole run.
        File.Delete(Path.Combine(folder.Path, "loss_curves.png"));
        var third = Run("MnistMlp", [.. common, "--epochs", "3"]);
        Assert.True(third.ExitCode == 0, third.ToString());
        Assert.Contains("after epoch 3 (delete it to start over)", third.Output);
        Assert.Contains("loss_curves.png", third.Output);
        Assert.True(File.Exists(Path.Combine(folder.Path, "loss_curves.png")), third.ToString());
    }

    [Fact]
    public void A_run_started_from_the_safetensors_of_an_earlier_run_goes_on_from_its_weights()
    {
        var common = new[] { "--train-limit", "512", "--loglik-examples", "0" };
        var first = Run("MnistMlp", [.. common, "--out", folder.Path, "--epochs", "2"]);
        Assert.True(first.ExitCode == 0, first.ToString());
        var weights = Path.Combine(folder.Path, "model.safetensors");
        var again = Path.Combine(folder.Path, "again");

        var second = Run("MnistMlp", [.. common, "--out", again, "--epochs", "1", "--init", weights]);

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains($"starting from the weights in {weights}", second.Output);
        // From trained weights, one more epoch ends below where the first run's first epoch ended.
        double TestLoss(string metrics, int epoch) => double.Parse(File.ReadAllLines(metrics)[epoch].Split(',')[2], CultureInfo.InvariantCulture);
        Assert.True(
            TestLoss(Path.Combine(again, "metrics.csv"), 1) < TestLoss(Path.Combine(folder.Path, "metrics.csv"), 1),
            $"{second}\nfirst run:\n{first}");
    }

    [Fact]
    public void Weights_of_a_model_of_other_sizes_are_one_line_naming_the_first_difference_and_exit_code_1()
    {
        var weights = Path.Combine(folder.Path, "small.safetensors");
        VaeDsl.Runtime.Seeding.Set(1);
        new MnistMlp(new MnistMlpOptions { Latent = 5 }).SaveWeights(weights);

        var run = Run("MnistMlp", "--out", folder.Path, "--train-limit", "64", "--loglik-examples", "0", "--epochs", "1", "--init", weights);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains($"error: '{weights}' has 'z.mean.weight' [5, 400] but MnistMlp has [20, 400]", run.Output);
        Assert.DoesNotContain("   at ", run.Output);
    }

    [Theory]
    [InlineData("empty", "is not a VaeDsl checkpoint (it is empty, truncated or of another format).")]
    [InlineData("ten bytes", "is not a VaeDsl checkpoint.")]
    [InlineData("weights", "is a VaeDsl weights file, not a checkpoint.")]
    public void A_corrupt_checkpoint_is_one_line_naming_it_and_exit_code_1(string content, string problem)
    {
        var checkpoint = Path.Combine(folder.Path, "checkpoint.ckpt");
        var first = Run("MnistMlp", "--out", folder.Path, "--train-limit", "64", "--loglik-examples", "0", "--epochs", "1");
        Assert.True(first.ExitCode == 0, first.ToString());
        var bytes = content switch
        {
            "empty" => Array.Empty<byte>(),
            "ten bytes" => new byte[10],
            _ => File.ReadAllBytes(Path.Combine(folder.Path, "model.weights")),
        };
        File.WriteAllBytes(checkpoint, bytes);

        var run = Run("MnistMlp", "--out", folder.Path, "--train-limit", "64", "--loglik-examples", "0", "--epochs", "2", "--checkpoint-every", "1");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains($"error: '{checkpoint}' {problem}", run.Output);
        Assert.DoesNotContain("   at ", run.Output);
    }

    [Fact]
    public void A_table_of_one_row_is_one_line_on_standard_error_and_exit_code_1()
    {
        var data = Path.Combine(folder.Path, "data");
        Directory.CreateDirectory(data);
        File.WriteAllLines(Path.Combine(data, "wine.csv"), new[] { "class,f1,f2", "1,0.5,2" });

        var run = Run("Tabular", "--data", data, "--out", Path.Combine(folder.Path, "out"), "--epochs", "1");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("wine.csv: the file has 1 data row; splitting it into a training and a test table needs at least two.", run.Output);
        Assert.DoesNotContain("   at ", run.Output);
    }

    [Fact]
    public void A_table_that_does_not_fit_the_model_is_one_line_on_standard_error_and_exit_code_1()
    {
        // Two feature columns where WineVae reads thirteen.
        var data = Path.Combine(folder.Path, "data");
        Directory.CreateDirectory(data);
        File.WriteAllLines(Path.Combine(data, "wine.csv"),
            new[] { "class,f1,f2" }.Concat(Enumerable.Range(0, 30).Select(i => $"{1 + (i % 3)},{i * 0.1:F1},{30 - i}")));

        var run = Run("Tabular", "--data", data, "--out", Path.Combine(folder.Path, "out"), "--epochs", "1");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("error: the training set's examples have shape [2] but WineVae takes [13] (its input in the .vae file)", run.Output);
        Assert.DoesNotContain("   at ", run.Output);
    }

    [Fact]
    public void The_user_s_own_arrays_train_an_example_with_dynamic_binarisation_and_the_chosen_number_of_samples()
    {
        var data = Directory.CreateDirectory(Path.Combine(folder.Path, "data")).FullName;
        var digits = RepoData.Mnist("train").Take(80).Inputs.data<float>().ToArray();
        using (var train = NumSharp.np.array(digits[..(64 * 784)]).reshape(64, 784)) NumSharp.np.save(Path.Combine(data, "train.npy"), train);
        using (var test = NumSharp.np.array(digits[(64 * 784)..]).reshape(16, 784)) NumSharp.np.save(Path.Combine(data, "test.npy"), test);

        var run = Run("MnistMlp", "--data", data, "--out", Path.Combine(folder.Path, "out"), "--epochs", "1", "--binarize", "dynamic",
            "--loglik-examples", "8", "--loglik-samples", "12", "--loglik-batch", "3");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"data: {data} (NumPy .npy, dynamically binarised)", run.Output);
        Assert.Contains("64 training and 16 test examples", run.Output);
        Assert.Matches(@"test log p\(x\) ≈ -\d+\.\d\d ± \d+\.\d\d nats/example \(importance sampling, k = 12, first 8 test examples", run.Output);
    }

    [Fact]
    public void A_truncated_array_is_one_line_naming_it_and_nothing_is_trained()
    {
        var data = Directory.CreateDirectory(Path.Combine(folder.Path, "data")).FullName;
        using (var test = NumSharp.np.zeros(new NumSharp.Shape(4, 784), NumSharp.np.float32)) NumSharp.np.save(Path.Combine(data, "test.npy"), test);
        var whole = File.ReadAllBytes(Path.Combine(data, "test.npy"));
        var train = Path.Combine(data, "train.npy");
        File.WriteAllBytes(train, whole[..^100]);

        var run = Run("MnistMlp", "--data", data, "--out", Path.Combine(folder.Path, "out"), "--epochs", "1");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"error: '{train}' is not a complete NumPy .npy file (", run.Output);
        Assert.DoesNotContain("epoch", run.Output);
        Assert.Single(run.StandardError.Trim().Split('\n'));
    }

    [Fact]
    public void A_short_run_prints_every_epoch_and_a_long_run_of_the_tabular_example_about_ten_lines()
    {
        var shortRun = Run("Tabular", "--out", Path.Combine(folder.Path, "short"), "--epochs", "3", "--loglik-examples", "0");
        var longRun = Run("Tabular", "--out", Path.Combine(folder.Path, "long"), "--epochs", "30", "--loglik-examples", "0");

        Assert.True(shortRun.ExitCode == 0, shortRun.ToString());
        Assert.Equal([1, 2, 3], EpochLines(shortRun));
        Assert.True(longRun.ExitCode == 0, longRun.ToString());
        Assert.Equal([1, 3, 6, 9, 12, 15, 18, 21, 24, 27, 30], EpochLines(longRun));
        Assert.Contains("30 epochs (a line every 3 epochs).", longRun.Output);
    }

    [Fact]
    public void The_main_job_script_says_what_it_is_doing_before_the_first_epoch()
    {
        var output = Path.Combine(folder.Path, "main-job");

        var run = ProcessRunner.Run("bash", [RepositoryRoot.File("scripts", "train-mnist.sh"), "1", output, "--train-limit", "64", "--loglik-examples", "0"],
            RepositoryRoot.Path);

        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.StandardOutput.Split('\n');
        int Line(string start) => Array.FindIndex(lines, l => l.StartsWith(start, StringComparison.Ordinal));
        var steps = new[] { "train-mnist: restoring packages", "train-mnist: building Examples/MnistMlp", $"train-mnist: training MnistMlp into {output}", "epoch   1 " }
            .Select(Line).ToArray();
        Assert.True(steps[0] >= 0 && steps.Zip(steps.Skip(1)).All(p => p.First < p.Second), run.ToString());
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^train-mnist: done in \d+ s$"));
        Assert.True(File.Exists(Path.Combine(output, "metrics.csv")), run.ToString());
    }

    [Theory]
    [InlineData("MnistMlp")]
    [InlineData("MnistConv")]
    [InlineData("BetaVae")]
    [InlineData("ConditionalVae")]
    [InlineData("Iwae")]
    [InlineData("Hierarchical")]
    [InlineData("Tabular")]
    [InlineData("CustomLayer")]
    [InlineData("SequenceVae")]
    public void A_gpu_that_is_not_there_is_one_line_naming_the_package_to_install_and_exit_code_1(string example)
    {
        var run = Run(example, "--out", folder.Path, "--epochs", "1", "--device", "cuda");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Equal(
            "error: device 'cuda' is not available: this program has the CPU build of libtorch; for an NVIDIA GPU replace the package " +
            "libtorch-cpu-linux-x64 with libtorch-cuda-12.8-linux-x64 (version 2.10.0; libtorch-cuda-12.8-win-x64 on Windows).",
            run.StandardError.TrimEnd());
        Assert.DoesNotContain("epoch", run.StandardOutput);
    }

    [Fact]
    public void Auto_trains_on_the_cpu_here_and_says_so_and_a_device_that_is_no_device_is_exit_code_2()
    {
        var run = Run("MnistMlp", "--out", folder.Path, "--epochs", "1", "--train-limit", "64", "--loglik-examples", "0", "--device", "auto");
        var refused = Run("MnistMlp", "--device", "gpu");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("device: auto took cpu (this program has the CPU build of libtorch;", run.StandardOutput);
        Assert.Contains("epoch   1", run.StandardOutput);
        Assert.Equal(2, refused.ExitCode);
        Assert.StartsWith("error: option '--device' takes cpu, cuda, cuda:N or auto, not 'gpu'.", refused.StandardError);
    }

    [Fact]
    public void A_bad_option_is_one_line_on_standard_error_and_exit_code_2()
    {
        var run = Run("MnistMlp", "--epochs", "many");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error: option '--epochs' needs a positive whole number, not 'many'.", run.Output);
    }

    [Theory]
    [InlineData("MnistMlp", "epochs to train (default: 10, from MnistMlp.vae)")]
    [InlineData("MnistConv", "(default: 200)")]
    [InlineData("BetaVae", "--beta B", "(default: 4, from BetaVae.vae)")]
    [InlineData("ConditionalVae", "--digit D", "the digit, 0 to 9, that samples.png shows (default: 7)")]
    [InlineData("Iwae", "(default: 2000)")]
    [InlineData("FlowVae", "(default: 2000)", "FlowVae.vae, for each model")]
    [InlineData("Hierarchical", "(default: 2000)")]
    [InlineData("Tabular", "epochs to train (default: 100, from WineVae.vae)", "wine.csv")]
    [InlineData("CustomLayer", "epochs to train (default: 10, from HighwayMlp.vae)")]
    [InlineData("SequenceVae", "epochs to train (default: 4, from SequenceVae.vae)", "train.txt")]
    public void Help_describes_every_option_with_its_default_on_standard_output_and_exits_with_0(string example, params string[] expected)
    {
        var run = Run(example, "--help");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(string.Empty, run.StandardError);
        Assert.StartsWith($"{example}: ", run.StandardOutput);
        var options = run.StandardOutput.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("--", StringComparison.Ordinal)).ToList();
        foreach (var option in new[] { "--epochs N", "--out DIR", "--data DIR", "--resize yes|no", "--binarize none|dynamic", "--train-limit N", "--seed S",
                                       "--loglik-examples N", "--loglik-samples K", "--loglik-batch N", "--checkpoint-every N", "--device D" })
        {
            var line = options.FirstOrDefault(l => l.StartsWith(option + " ", StringComparison.Ordinal));
            Assert.True(line is not null, $"{example} --help does not describe {option}:\n{run}");
        }
        // Each option says what it does and what it is when not given.
        Assert.All(options, line => Assert.Matches(@"^--\S+ \S+ +\S.* \(default: [^)]+\)$", line));
        foreach (var text in expected) Assert.Contains(text, run.StandardOutput);
        Assert.Equal(run.StandardOutput, Run(example, "-h").StandardOutput);
    }

    private static int[] EpochLines(ProcessResult run) =>
        Regex.Matches(run.StandardOutput, @"^epoch +(\d+) ", RegexOptions.Multiline).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToArray();

    /// <summary>Runs the example's built program (same configuration as these tests) from the repository root.</summary>
    private static ProcessResult Run(string example, params string[] arguments)
    {
        // These tests run from bin/<Configuration>/net10.0/; the examples are built in the same configuration.
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var program = Path.Combine(RepositoryRoot.Path, "Examples", example, "bin", configuration, "net10.0", example + ".dll");
        Assert.True(File.Exists(program), $"{program} is not built");
        return ProcessRunner.Run("dotnet", [program, .. arguments], RepositoryRoot.Path);
    }
}
