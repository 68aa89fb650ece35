using System.IO;
using System.Linq;
using VaeDsl.Testing;
using Xunit;

namespace VaeDsl.Cli.Tests;

/// <summary><c>vae check</c>: the build's diagnostics on the command line, for CI and pre-commit hooks.</summary>
public class CheckCommandTests
{
    private const string Broken = "model M {\n  input x: [4]\n  encoder { linaer(3) }\n  latent z ~ Normal(2)\n  decoder { linear(4) }\n  likelihood Bernoulli\n  loss = recon + kl\n}\n";

    [Fact]
    public void The_tour_and_every_example_pass_with_exit_code_0()
    {
        var result = Vae.Run(RepositoryRoot.Path, "check", "Vae.dsl", "Examples");
        Assert.True(result.ExitCode == 0, result.ToString());
        // The tour and every example's model: the .vae files of Examples outside build output, however many there are.
        var examples = Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "Examples"), "*.vae", SearchOption.AllDirectories)
            .Count(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"));
        Assert.True(examples >= 10, $"only {examples} example models found");
        Assert.Contains($"{1 + examples} file(s) checked: 0 error(s), 0 warning(s)", result.Output);
    }

    [Fact]
    public void An_error_is_printed_in_the_build_format_with_exit_code_1()
    {
        using var folder = new TemporaryFolder();
        File.WriteAllText(Path.Combine(folder.Path, "broken.vae"), Broken);
        var result = Vae.Run(folder.Path, "check", "broken.vae");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("broken.vae(3,13): error VAE0102: unknown layer or block 'linaer'", result.Output);
        Assert.Contains("1 file(s) checked: 1 error(s), 0 warning(s)", result.Output);
    }

    [Fact]
    public void A_folder_is_searched_for_vae_files_and_warnings_alone_pass()
    {
        using var folder = new TemporaryFolder();
        Directory.CreateDirectory(Path.Combine(folder.Path, "models"));
        File.WriteAllText(Path.Combine(folder.Path, "models", "warn.vae"), Broken.Replace("linaer(3)", "linear(3)").Replace("input x: [4]", "input x: [4]\n  hyper unused = 1"));
        File.WriteAllText(Path.Combine(folder.Path, "models", "notes.txt"), "not a model");
        var result = Vae.Run(folder.Path, "check", "models");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(Path.Combine("models", "warn.vae") + "(3,9): warning VAE0119: hyper-parameter 'unused' is never used", result.Output);
        Assert.Contains("1 file(s) checked: 0 error(s), 1 warning(s)", result.Output);
    }

    [Fact]
    public void A_missing_path_is_named_with_exit_code_1()
    {
        var result = Vae.Run(RepositoryRoot.Path, "check", "no-such.vae");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("vae check: no file or folder 'no-such.vae'", result.Output);
    }
}
