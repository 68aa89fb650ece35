using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using VaeDsl.Testing;
using Xunit;

namespace VaeDsl.Cli.Tests;

/// <summary><c>vae train</c>: the example programs' run on a model generated and compiled in memory, without a project.</summary>
public sealed class TrainCommandTests : IDisposable
{
    // One short epoch: 256 training digits, no log p(x) estimate, a seed of its own.
    private static readonly string[] Short = ["--epochs", "1", "--train-limit", "256", "--loglik-examples", "0", "--seed", "7"];

    private readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void On_MnistMlp_it_prints_the_same_losses_as_the_example_program_and_writes_the_same_files()
    {
        var byTool = Path.Combine(folder.Path, "tool");
        var byExample = Path.Combine(folder.Path, "example");
        var mnist = RepositoryRoot.File("data", "mnist");

        var tool = Vae.Run(RepositoryRoot.Path, ["train", "Examples/MnistMlp/MnistMlp.vae", "--data", mnist, "--out", byTool, .. Short]);
        var example = ProcessRunner.Run("dotnet", [ExampleProgram("MnistMlp"), "--data", mnist, "--out", byExample, .. Short], RepositoryRoot.Path);

        Assert.True(tool.ExitCode == 0, tool.ToString());
        Assert.True(example.ExitCode == 0, example.ToString());
        var losses = EpochLosses(tool.StandardOutput);
        Assert.True(losses.Length == 1, tool.ToString());
        Assert.Equal(EpochLosses(example.StandardOutput), losses);
        Assert.Contains("MnistMlp: 652,824 parameters; 256 training and", tool.StandardOutput);
        // Every loss column of metrics.csv agrees to the last digit (seconds and memory are the run's own).
        Assert.Equal(LossColumns(byExample), LossColumns(byTool));
        var written = Directory.GetFiles(byExample).Select(Path.GetFileName).Order().ToArray();
        Assert.Contains("samples.png", written);
        Assert.Equal(written, Directory.GetFiles(byTool).Select(Path.GetFileName).Order().ToArray());
    }

    [Fact]
    public void The_device_option_reaches_the_trainer_and_a_missing_gpu_is_one_line_with_exit_code_1()
    {
        var mnist = RepositoryRoot.File("data", "mnist");

        var gpu = Vae.Run(RepositoryRoot.Path, ["train", "Examples/MnistMlp/MnistMlp.vae", "--data", mnist, "--out", folder.Path, .. Short, "--device", "cuda:1"]);
        var auto = Vae.Run(RepositoryRoot.Path, ["train", "Examples/MnistMlp/MnistMlp.vae", "--data", mnist, "--out", folder.Path, .. Short, "--device", "auto"]);

        Assert.Equal(1, gpu.ExitCode);
        Assert.StartsWith("error: device 'cuda:1' is not available: this program has the CPU build of libtorch; for an NVIDIA GPU replace the package libtorch-cpu-linux-x64 with libtorch-cuda-12.8-linux-x64",
            gpu.StandardError.Trim());
        Assert.Single(gpu.StandardError.Trim().Split('\n'));
        Assert.DoesNotContain("epoch", gpu.StandardOutput);
        Assert.True(auto.ExitCode == 0, auto.ToString());
        Assert.Contains("device: auto took cpu", auto.StandardOutput);
        Assert.Contains("epoch   1", auto.StandardOutput);
    }

    [Fact]
    public void A_broken_model_is_reported_at_its_line_and_column_with_exit_code_1_and_nothing_is_trained()
    {
        File.WriteAllText(Path.Combine(folder.Path, "broken.vae"),
            "model M {\n  input x: [4]\n  encoder { linaer(3) }\n  latent z ~ Normal(2)\n  decoder { linear(4) }\n  likelihood Bernoulli\n  loss = recon + kl\n}\n");

        var run = Vae.Run(folder.Path, ["train", "broken.vae", "--data", RepositoryRoot.File("data", "mnist"), "--out", "out", .. Short]);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("broken.vae(3,13): error VAE0102: unknown layer or block 'linaer'", run.StandardError.Trim());
        Assert.DoesNotContain("epoch", run.StandardOutput);
        Assert.False(Directory.Exists(Path.Combine(folder.Path, "out")));
    }

    [Fact]
    public void A_data_folder_the_readers_refuse_is_their_one_line_error_with_exit_code_1()
    {
        var data = Path.Combine(folder.Path, "arrays");
        Directory.CreateDirectory(data);
        File.WriteAllText(Path.Combine(data, "train.npy"), "not an array");
        File.WriteAllText(Path.Combine(data, "test.npy"), "not an array");

        var run = Vae.Run(RepositoryRoot.Path, ["train", "Examples/MnistMlp/MnistMlp.vae", "--data", data, "--out", Path.Combine(folder.Path, "out"), .. Short]);

        Assert.Equal(1, run.ExitCode);
        var error = Assert.Single(run.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"error: '{Path.Combine(data, "train.npy")}' is not a complete NumPy .npy file", error);
    }

    [Fact]
    public void Without_data_or_with_an_unknown_model_it_says_what_to_give_with_exit_code_2()
    {
        var noData = Vae.Run(RepositoryRoot.Path, "train", "Examples/MnistMlp/MnistMlp.vae", "--epochs", "1");
        var unknown = Vae.Run(RepositoryRoot.Path, ["train", "Examples/Iwae/Iwae.vae", "--model", "Nope", "--data", RepositoryRoot.File("data", "mnist"), .. Short]);

        Assert.Equal(2, noData.ExitCode);
        Assert.StartsWith("error: option '--data' is required. usage: vae train FILE ", noData.StandardError);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("option '--model': 'Examples/Iwae/Iwae.vae' has no model 'Nope'; its models are PlainVae, ImportanceWeightedVae.", unknown.StandardError);
    }

    [Fact]
    public void A_custom_layer_trains_with_the_assembly_that_defines_it_and_prints_the_example_program_s_losses()
    {
        var mnist = RepositoryRoot.File("data", "mnist");
        var assembly = ExampleProgram("CustomLayer");
        var byTool = Path.Combine(folder.Path, "tool");
        var byExample = Path.Combine(folder.Path, "example");

        var tool = Vae.Run(RepositoryRoot.Path, ["train", "Examples/CustomLayer/HighwayMlp.vae", "--reference", assembly, "--data", mnist, "--out", byTool, .. Short]);
        var example = ProcessRunner.Run("dotnet", [assembly, "--data", mnist, "--out", byExample, .. Short], RepositoryRoot.Path);

        Assert.True(tool.ExitCode == 0, tool.ToString());
        Assert.True(example.ExitCode == 0, example.ToString());
        Assert.Single(EpochLosses(tool.StandardOutput));
        Assert.Equal(EpochLosses(example.StandardOutput), EpochLosses(tool.StandardOutput));

        // vae eval builds the model the same way: the weights the tool wrote load into it.
        var eval = Vae.Run(RepositoryRoot.Path, ["eval", "Examples/CustomLayer/HighwayMlp.vae", "--reference", assembly, "--weights", Path.Combine(byTool, "model.weights"), "--data", mnist]);
        Assert.True(eval.ExitCode == 0, eval.ToString());
        Assert.Matches(@"^test_loss: \d+\.\d{6}$", eval.StandardOutput.Split('\n')[0]);
    }

    [Fact]
    public void A_custom_layer_that_does_not_produce_its_declared_shape_stops_the_build_of_the_model_at_its_line()
    {
        // The front end takes the declaration at its word; the generated constructor's dry run finds the truth.
        File.WriteAllText(Path.Combine(folder.Path, "misdeclared.vae"), """
            model Misdeclared {
              input x: [1, 28, 28]
              encoder {
                flatten linear(400) relu
                custom CustomLayerExample.Highway(400) -> [200]
              }
              latent z ~ Normal(2)
              decoder { linear(784) reshape(1, 28, 28) }
              likelihood Bernoulli
              loss = recon + kl
            }
            """);

        var run = Vae.Run(folder.Path, ["train", "misdeclared.vae", "--reference", ExampleProgram("CustomLayer"), "--data", RepositoryRoot.File("data", "mnist"), "--out", "out", .. Short]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("misdeclared.vae(5,5): custom layer Highway is declared to turn [400] into [200] but produces [400]", run.StandardError);
        Assert.DoesNotContain("epoch", run.StandardOutput);
    }

    [Fact]
    public void A_custom_layer_without_the_assembly_that_defines_it_is_its_located_error_and_one_line_naming_the_option()
    {
        var run = Vae.Run(RepositoryRoot.Path, ["train", "Examples/CustomLayer/HighwayMlp.vae", "--data", RepositoryRoot.File("data", "mnist"), .. Short]);
        var missing = Vae.Run(RepositoryRoot.Path, ["train", "Examples/CustomLayer/HighwayMlp.vae", "--reference", "nowhere/Layers.dll", "--data", RepositoryRoot.File("data", "mnist"), .. Short]);

        Assert.Equal(1, run.ExitCode);
        var lines = run.StandardError.TrimEnd().Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("Examples/CustomLayer/HighwayMlp.vae(11,12): error VAE0135: custom layer type 'CustomLayerExample.Highway' is not found", lines[0]);
        Assert.StartsWith("Examples/CustomLayer/HighwayMlp.vae(17,12): error VAE0135: ", lines[1]);
        Assert.Equal("hint: vae train and vae eval compile the file without a project; give the assembly that defines the custom layer types with --reference FILE.dll.", lines[2]);
        Assert.DoesNotContain("epoch", run.StandardOutput);
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal("error: the assembly 'nowhere/Layers.dll' given with --reference does not exist.", missing.StandardError.TrimEnd());
    }

    private static string[] EpochLosses(string output) =>
        Regex.Matches(output, @"^epoch +\d+ +train +(\S+) +test +(\S+) ", RegexOptions.Multiline).Select(m => $"{m.Groups[1].Value} {m.Groups[2].Value}").ToArray();

    private static string[] LossColumns(string directory)
    {
        var rows = File.ReadAllLines(Path.Combine(directory, "metrics.csv")).Select(l => l.Split(',')).ToArray();
        var skipped = new[] { "seconds", "resident_mib" };
        var kept = Enumerable.Range(0, rows[0].Length).Where(i => !skipped.Contains(rows[0][i])).ToArray();
        return rows.Select(r => string.Join(",", kept.Select(i => r[i]))).ToArray();
    }

    /// <summary>The example's program, built in the configuration of these tests.</summary>
    private static string ExampleProgram(string example)
    {
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var program = RepositoryRoot.File("Examples", example, "bin", configuration, "net10.0", example + ".dll");
        Assert.True(File.Exists(program), $"{program} is not built");
        return program;
    }
}
