using System.IO;
using VaeDsl.Testing;
using Xunit;

namespace VaeDsl.Cli.Tests;

/// <summary><c>vae format</c>: rewrites files in the one layout; <c>--check</c> only reports.</summary>
public class FormatCommandTests
{
    private const string Messy = "model M{\n      input x :[4]   // the input\n  encoder{linear( 3 )}\n  latent z~Normal(2)\n  decoder { linear(4) }\n  likelihood Bernoulli\n  loss=recon+kl\n}\n";

    [Fact]
    public void Check_lists_an_unformatted_file_and_format_fixes_it_keeping_its_comment()
    {
        using var folder = new TemporaryFolder();
        var file = Path.Combine(folder.Path, "m.vae");
        File.WriteAllText(file, Messy);
        var check = Vae.Run(folder.Path, "format", "--check", "m.vae");
        Assert.Equal(1, check.ExitCode);
        Assert.Contains("m.vae: not formatted", check.Output);
        Assert.Equal(Messy, File.ReadAllText(file));

        var format = Vae.Run(folder.Path, "format", "m.vae");
        Assert.True(format.ExitCode == 0, format.ToString());
        var formatted = File.ReadAllText(file);
        Assert.StartsWith("model M {\n  input x: [4]       // the input\n  encoder { linear(3) }\n  latent z ~ Normal(2)\n", formatted);
        Assert.Equal(0, Vae.Run(folder.Path, "format", "--check", "m.vae").ExitCode);
    }

    [Fact]
    public void The_shipped_models_are_formatted_and_a_syntax_error_is_refused()
    {
        // Every .vae file the repository ships: the language tour and the examples' models.
        var shipped = Vae.Run(RepositoryRoot.Path, "format", "--check", "Vae.dsl", "Examples");
        Assert.True(shipped.ExitCode == 0, shipped.ToString());
        using var folder = new TemporaryFolder();
        File.WriteAllText(Path.Combine(folder.Path, "bad.vae"), "model M { encoder { linear(4 } }");
        var bad = Vae.Run(folder.Path, "format", "bad.vae");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("'bad.vae' has a syntax error", bad.Output);
    }

    [Fact]
    public void A_file_that_cannot_be_read_is_one_located_error_not_a_crash()
    {
        using var folder = new TemporaryFolder();
        var file = Path.Combine(folder.Path, "m.vae");
        File.WriteAllText(file, Messy);
        // An exclusive lock makes the command's read fail with an IOException, as an unreadable file does.
        using (new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            var result = Vae.Run(folder.Path, "format", "m.vae");
            Assert.Equal(1, result.ExitCode);
            Assert.Contains("vae format: cannot read 'm.vae': ", result.Output);
            Assert.DoesNotContain("Unhandled exception", result.Output);
        }
        Assert.Equal(Messy, File.ReadAllText(file));
    }
}
