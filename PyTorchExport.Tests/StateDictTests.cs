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

    private static string Quote(string text) => "'" + text.Replace("\\", "\\\\").Replace("'", "\\'") + "'";
}
