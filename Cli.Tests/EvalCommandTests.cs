using System;
using System.Globalization;
using System.IO;
using System.Text.RegularExpressions;
using VaeDsl.Testing;
using Xunit;

namespace VaeDsl.Cli.Tests;

/// <summary><c>vae eval</c>: the test loss of the generated model loaded from weights in any of the three formats
/// (PyTorchExport.Tests checks it against the one PyTorch prints for the same weights).</summary>
public sealed class EvalCommandTests : IDisposable
{
    private readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    private static double TestLoss(ProcessResult run)
    {
        var match = Regex.Match(run.StandardOutput, @"^test_loss: ([0-9.]+)$", RegexOptions.Multiline);
        Assert.True(match.Success, run.ToString());
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [Fact]
    public void Trained_weights_give_the_same_test_loss_from_safetensors_and_from_VaeDsls_own_file()
    {
        var mnist = RepositoryRoot.File("data", "mnist");
        var trained = Vae.Run(RepositoryRoot.Path, "train", "Examples/MnistMlp/MnistMlp.vae", "--data", mnist, "--out", folder.Path,
            "--epochs", "1", "--train-limit", "256", "--loglik-examples", "0");
        Assert.True(trained.ExitCode == 0, trained.ToString());

        var safetensors = Vae.Run(RepositoryRoot.Path, "eval", "Examples/MnistMlp/MnistMlp.vae", "--weights", Path.Combine(folder.Path, "model.safetensors"), "--data", mnist);
        var native = Vae.Run(RepositoryRoot.Path, "eval", "Examples/MnistMlp/MnistMlp.vae", "--weights", Path.Combine(folder.Path, "model.weights"), "--data", mnist);

        Assert.Equal(TestLoss(safetensors), TestLoss(native));
        Assert.Contains("test_recon: ", safetensors.StandardOutput);
        // One epoch on 256 digits: far from trained, far from the untrained model's 540 nats.
        Assert.InRange(TestLoss(safetensors), 150, 540);
    }

    [Fact]
    public void Weights_of_another_model_are_refused_naming_the_first_tensor_that_differs()
    {
        var mnist = RepositoryRoot.File("data", "mnist");
        var trained = Vae.Run(RepositoryRoot.Path, "train", "Examples/MnistMlp/MnistMlp.vae", "--data", mnist, "--out", folder.Path,
            "--epochs", "1", "--train-limit", "64", "--loglik-examples", "0");
        Assert.True(trained.ExitCode == 0, trained.ToString());
        var weights = Path.Combine(folder.Path, "model.safetensors");

        var run = Vae.Run(RepositoryRoot.Path, "eval", "Examples/MnistConv/MnistConv.vae", "--weights", weights, "--data", mnist);

        Assert.Equal(1, run.ExitCode);
        // The heads are the first tensors both models have: MnistMlp's latent is 20 of 400 features, MnistConv's 2 of 16.
        Assert.Equal($"error: '{weights}' has 'z.mean.weight' [20, 400] but MnistConv has [2, 16]: the model was built with other hyper-parameters than the saved one", run.StandardError.Trim());
    }
}
