using System.IO;
using System.Linq;
using VaeDsl.Runtime;
using VaeDsl.Testing;
using Xunit;
using static TorchSharp.torch;

namespace VaeDsl.PyTorchExport.Tests;

/// <summary>PyTorch state_dict files both ways: what <c>SaveWeights("….pt")</c> writes, <c>torch.load</c> reads into the
/// exported twin, and what <c>torch.save(model.state_dict(), …)</c> writes, <c>LoadWeights</c> reads back.</summary>
public sealed class StateDictTests : System.IDisposable
{
    private readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void A_state_dict_goes_from_TorchSharp_to_PyTorch_and_back()
    {
        var package = Path.Combine(folder.Path, "package");
        Python.Export(RepositoryRoot.File("Examples", "MnistMlp", "MnistMlp.vae"), package);
        Seeding.Set(5);
        using var model = new MnistMlp();
        var written = Path.Combine(folder.Path, "csharp.pt");
        var back = Path.Combine(folder.Path, "pytorch.pt");
        model.SaveWeights(written);

        // PyTorch loads the file, doubles every weight, and saves its state_dict as PyTorch users do.
        var script = $$"""
            import torch
            from mnist_mlp import MnistMlp
            model = MnistMlp()
            model.load_state_dict(torch.load({{Quote(written)}}))
            with torch.no_grad():
                for parameter in model.parameters():
                    parameter.mul_(2)
            torch.save(model.state_dict(), {{Quote(back)}})
            """;
        var run = Python.Run(package, "-c", script);
        Assert.True(run.ExitCode == 0, run.ToString());

        using var loaded = new MnistMlp();
        loaded.LoadWeights(back);
        var original = model.state_dict();
        foreach (var (name, tensor) in loaded.state_dict())
        {
            Assert.True(tensor.allclose(original[name] * 2, rtol: 0, atol: 0), name);
        }
    }

    [Fact]
    public void A_quantised_model_s_codebook_moving_averages_and_fitted_prior_go_from_TorchSharp_to_PyTorch_and_back()
    {
        var package = Path.Combine(folder.Path, "package");
        Python.Export(RepositoryRoot.File("Examples", "VqVae", "VqVae.vae"), package);
        Seeding.Set(5);
        using var model = new VqVae();
        // A training pass moves the moving averages off their start, and the fit makes the prior other than uniform.
        var digits = rand(32, 1, 28, 28);
        model.train();
        using (no_grad()) model.ComputeLoss(digits, null, TrainingProgress.Evaluation);
        model.eval();
        using (no_grad()) model.FitAfterTraining(new VaeDsl.Runtime.Data.TensorDataSet(digits), 16);
        var written = Path.Combine(folder.Path, "csharp.pt");
        var back = Path.Combine(folder.Path, "pytorch.pt");
        model.SaveWeights(written);

        // PyTorch loads the file into the exported VqVae, doubles every tensor of its state (the codebook, its moving
        // averages and the prior's probabilities are buffers) and saves its state_dict.
        var script = $$"""
            import torch
            from vq_vae import VqVae
            model = VqVae()
            model.load_state_dict(torch.load({{Quote(written)}}))
            with torch.no_grad():
                for tensor in model.state_dict().values():
                    tensor.mul_(2)
            torch.save(model.state_dict(), {{Quote(back)}})
            """;
        var run = Python.Run(package, "-c", script);
        Assert.True(run.ExitCode == 0, run.ToString());

        using var loaded = new VqVae();
        loaded.LoadWeights(back);
        var original = model.state_dict();
        Assert.Contains("z.cluster_size", original.Keys);
        Assert.Contains("z_prior.probabilities", original.Keys);
        foreach (var (name, tensor) in loaded.state_dict())
        {
            Assert.True(tensor.allclose(original[name] * 2, rtol: 0, atol: 0), name);
        }
    }

    private static string Quote(string text) => "'" + text.Replace("\\", "\\\\").Replace("'", "\\'") + "'";
}
