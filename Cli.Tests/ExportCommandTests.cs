using System.IO;
using VaeDsl.Testing;
using Xunit;

namespace VaeDsl.Cli.Tests;

/// <summary><c>vae export FILE --to pytorch --out DIR</c>: the package for PyTorch, or the located reasons it was not
/// written.</summary>
public sealed class ExportCommandTests : System.IDisposable
{
    private readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void The_example_exports_as_a_package_with_its_train_script()
    {
        var output = Path.Combine(folder.Path, "mnist-mlp");

        var result = Vae.Run(RepositoryRoot.Path, "export", Path.Combine("Examples", "MnistMlp", "MnistMlp.vae"), "--to", "pytorch", "--out", output);

        Assert.True(result.ExitCode == 0, result.ToString());
        // The count it prints is the number of files it wrote, whatever support modules the package holds.
        var written = Directory.GetFiles(output, "*", SearchOption.AllDirectories).Length;
        Assert.Contains($"wrote the package mnist_mlp ({written} files)", result.Output);
        Assert.True(File.Exists(Path.Combine(output, "train.py")), result.ToString());
        Assert.Contains("class MnistMlp(nn.Module):", File.ReadAllText(Path.Combine(output, "mnist_mlp", "models.py")));
    }

    [Fact]
    public void A_file_with_an_error_is_reported_at_its_line_and_nothing_is_written()
    {
        var source = Path.Combine(folder.Path, "broken.vae");
        File.WriteAllText(source, "model Broken {\n  input x: [4]\n  encoder { linear(8) relu }\n  latent z ~ Normal(2)\n  decoder { linear(5) }\n  likelihood Bernoulli\n  loss = recon + kl\n}\n");
        var output = Path.Combine(folder.Path, "out");

        var result = Vae.Run(folder.Path, "export", source, "--to", "pytorch", "--out", output);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{source}(5,", result.Output);
        Assert.Contains("error VAE0205", result.Output);
        Assert.Contains("vae export: nothing written", result.Output);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void A_file_that_cannot_be_read_is_named_as_unreadable_and_nothing_is_written()
    {
        var source = Path.Combine(folder.Path, "locked.vae");
        File.WriteAllText(source, "model Locked {}\n");
        var output = Path.Combine(folder.Path, "out");

        // An exclusive lock makes the command's read fail with an IOException, as an unreadable file does.
        using (new FileStream(source, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            var result = Vae.Run(folder.Path, "export", "locked.vae", "--to", "pytorch", "--out", output);

            Assert.Equal(1, result.ExitCode);
            Assert.Contains("vae export: cannot read 'locked.vae': ", result.Output);
            Assert.DoesNotContain("cannot write", result.Output);
        }
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void Another_target_is_refused()
    {
        var result = Vae.Run(RepositoryRoot.Path, "export", "Vae.dsl", "--to", "onnx", "--out", folder.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("vae export: cannot export to 'onnx'; the target is pytorch", result.Output);
    }
}
