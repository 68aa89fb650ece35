using System;
using System.IO;
using Xunit;

namespace VaeDsl.PyTorchExport.Tests;

/// <summary>The export as the build runs it (build/VaeDsl.targets, for a project setting VaeDslExportPyTorch): one
/// folder per .vae file, errors in the compiler's format at their place, and every other file still exported.</summary>
public sealed class BuildExportTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("vaedsl-build-export-").FullName;

    private const string Model = """
        model Tiny {
          input x: [4]
          encoder { linear(8) relu }
          latent z ~ Normal(2)
          prior z ~ StandardNormal
          decoder { linear(4) }
          likelihood Bernoulli
          loss = recon + kl
          train { optimizer: adam(lr: 1e-3), batch: 2, epochs: 1 }
        }
        """;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private string File(string name, string text)
    {
        var path = Path.Combine(root, name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = Build.Program.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void Each_file_gets_its_own_folder_with_its_package_and_train_py()
    {
        var first = File("First.vae", Model);
        var second = File("second-try.vae", Model.Replace("Tiny", "Small", StringComparison.Ordinal));
        var output = Path.Combine(root, "pytorch");

        var (code, _, error) = Run(output, first, second);

        Assert.True(code == 0, error);
        Assert.Contains("class Tiny(nn.Module):", System.IO.File.ReadAllText(Path.Combine(output, "First", "first", "models.py")), StringComparison.Ordinal);
        Assert.Contains("class Small(nn.Module):", System.IO.File.ReadAllText(Path.Combine(output, "second-try", "second_try", "models.py")), StringComparison.Ordinal);
        Assert.True(System.IO.File.Exists(Path.Combine(output, "First", "train.py")));
        Assert.True(System.IO.File.Exists(Path.Combine(output, "second-try", "train.py")));
    }

    [Fact]
    public void A_file_with_an_error_is_reported_at_its_line_in_the_compilers_format_and_the_others_are_exported()
    {
        var broken = File("Broken.vae", Model.Replace("linear(8)", "lineer(8)", StringComparison.Ordinal));
        var good = File("Good.vae", Model);
        var output = Path.Combine(root, "pytorch");

        var (code, _, error) = Run(output, broken, good);

        Assert.Equal(1, code);
        Assert.Contains($"{broken}(3,13): error VAE0102:", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(output, "Broken")));
        Assert.True(System.IO.File.Exists(Path.Combine(output, "Good", "train.py")));
    }

    [Fact]
    public void A_folder_that_cannot_be_written_is_VAE9102_naming_it()
    {
        var model = File("Tiny.vae", Model);
        var blocked = File("blocked", "");

        var (code, _, error) = Run(Path.Combine(blocked, "pytorch"), model);

        Assert.Equal(1, code);
        Assert.Contains($"{model}: error VAE9102: the PyTorch export could not write to '{Path.Combine(blocked, "pytorch", "Tiny")}'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_cannot_be_read_is_VAE0008()
    {
        var (code, _, error) = Run(Path.Combine(root, "pytorch"), Path.Combine(root, "missing.vae"));

        Assert.Equal(1, code);
        Assert.Contains("missing.vae(1,1): error VAE0008: the file could not be read:", error, StringComparison.Ordinal);
    }
}
