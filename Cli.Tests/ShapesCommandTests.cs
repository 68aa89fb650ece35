using System.IO;
using System.Linq;
using VaeDsl.Testing;
using Xunit;

namespace VaeDsl.Cli.Tests;

/// <summary><c>vae shapes</c>: each layer's output shape and parameters at the file's values, and the total.</summary>
public class ShapesCommandTests
{
    [Fact]
    public void The_conv_example_lists_each_layer_with_its_shape_and_parameters()
    {
        var result = Vae.Run(RepositoryRoot.Path, "shapes", Path.Combine("Examples", "MnistConv", "MnistConv.vae"));
        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Output.Split('\n').Select(l => l.TrimEnd()).ToList();
        Assert.Contains("model MnistConv: input x [1, 28, 28], decoder target [1, 28, 28]", lines);
        // 1·32·3·3 + 32 weights and biases of the first convolution.
        Assert.Contains(lines, l => l.StartsWith("encoder") && l.Contains("conv2d(32, kernel: 3, stride: 2, padding: 1)") && l.Contains("[32, 14, 14]") && l.EndsWith(" 320"));
        // Mean and log-variance heads from 16 features to 2: 2 · (16·2 + 2).
        Assert.Contains(lines, l => l.StartsWith("latent") && l.Contains("[2]") && l.EndsWith(" 68"));
        // The generated DefaultParameterCount of this model (Generator.Tests/Snapshots/MnistConv.verified.cs).
        Assert.Contains(lines, l => l.StartsWith("total") && l.EndsWith(" 134,165"));
    }

    [Fact]
    public void The_model_option_picks_one_model_and_a_repeat_is_one_row()
    {
        var result = Vae.Run(RepositoryRoot.Path, "shapes", "Vae.dsl", "--model", "Tabular");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("MnistConv", result.Output);
        var lines = result.Output.Split('\n').Select(l => l.TrimEnd()).ToList();
        // Two residual blocks of layer_norm(64) and two linear(64): 2 · (128 + 2 · 4,160).
        Assert.Contains(lines, l => l.Contains("repeat depth { … }") && l.EndsWith(" 16,896"));
        Assert.Contains(lines, l => l.StartsWith("prior") && l.Contains("z ~ LearnedNormal") && l.EndsWith(" 8"));
        Assert.Contains(lines, l => l.StartsWith("likelihood") && l.EndsWith(" 13"));
        Assert.Contains(lines, l => l.StartsWith("total") && l.EndsWith(" 36,354"));
    }

    [Fact]
    public void A_flow_is_a_row_with_its_parameters_below_its_latent()
    {
        var result = Vae.Run(RepositoryRoot.Path, "shapes", "Vae.dsl", "--model", "Flows");
        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Output.Split('\n').Select(l => l.TrimEnd()).ToList();
        // Amortised planar on 8 dimensions: 4 steps of u, w (8 each) and b, each number from a head on the encoder's 128
        // features (128 weights and a bias), 4 · 17 · 129; the latent row keeps its heads' 2 · (128 · 8 + 8).
        Assert.Contains(lines, l => l.StartsWith("latent") && l.Contains("latent z ~ Normal(8)") && !l.Contains("flow") && l.EndsWith(" 2,064"));
        Assert.Contains(lines, l => l.StartsWith("flow") && l.Contains("z: flow planar(steps: 4, amortized: true)") && l.EndsWith(" 8,772"));
        // Radial on 4 dimensions, 2 steps of z₀ (4), a and c, shared by all examples.
        Assert.Contains(lines, l => l.StartsWith("flow") && l.Contains("w: flow radial(steps: 2)") && l.EndsWith(" 12"));
        // IAF on 4 dimensions with 32 hidden units and the encoder's 128 features as context: 2 · (160 + 4,128 + 1,056 + 2 · 132).
        Assert.Contains(lines, l => l.StartsWith("flow") && l.Contains("v: flow iaf(") && l.EndsWith(" 11,216"));
    }

    [Fact]
    public void A_quantised_latent_has_the_encoder_outputs_shape_and_a_codebook_of_buffers_under_moving_averages()
    {
        var result = Vae.Run(RepositoryRoot.Path, "shapes", "Vae.dsl", "--model", "Codes");
        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Output.Split('\n').Select(l => l.TrimEnd()).ToList();
        Assert.Contains(lines, l => l.StartsWith("latent") && l.Contains("VectorQuantized") && l.Contains("[8, 7, 7]") && l.EndsWith(" 0"));
    }

    [Fact]
    public void A_file_with_errors_prints_them_and_exits_with_1()
    {
        using var folder = new TemporaryFolder();
        File.WriteAllText(Path.Combine(folder.Path, "m.vae"), "model M {\n  input x: [4]\n  encoder { linear(3) }\n  latent z ~ Normal(2)\n  decoder { linear(5) }\n  likelihood Bernoulli\n  loss = recon + kl\n}\n");
        var result = Vae.Run(folder.Path, "shapes", "m.vae");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("m.vae(5,13): error VAE0205: decoder produces [5] but the likelihood Bernoulli needs [4]", result.Output);
    }

    [Fact]
    public void An_unknown_model_is_named_with_the_ones_the_file_has()
    {
        var result = Vae.Run(RepositoryRoot.Path, "shapes", "Vae.dsl", "--model", "Nope");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("has no model 'Nope'; it has MnistConv, Tabular, Discrete, Pixels, Tokens, Flows, Gated, Sequences, Words, Codes", result.Output);
    }

    [Fact]
    public void A_file_that_cannot_be_read_is_one_located_error_not_a_crash()
    {
        using var folder = new TemporaryFolder();
        var file = Path.Combine(folder.Path, "m.vae");
        File.WriteAllText(file, "model M {\n  input x: [4]\n  encoder { linear(3) }\n  latent z ~ Normal(2)\n  decoder { linear(4) }\n  likelihood Bernoulli\n  loss = recon + kl\n}\n");
        // An exclusive lock makes the command's read fail with an IOException, as an unreadable file does.
        using var locked = new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        var result = Vae.Run(folder.Path, "shapes", "m.vae");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("vae shapes: cannot read 'm.vae': ", result.Output);
        Assert.DoesNotContain("Unhandled exception", result.Output);
    }

    [Fact]
    public void A_custom_layer_s_parameters_are_left_to_its_CSharp_and_the_total_says_so()
    {
        var result = Vae.Run(RepositoryRoot.Path, "shapes", "Vae.dsl", "--model", "Gated");

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.StandardOutput.TrimEnd().Split('\n').Select(l => l.TrimEnd()).ToList();
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^encoder +custom Gate\(width, bias: 1\.0\) \[n\] -> \[n\] +\[32\] +in its C#$"));
        Assert.Matches(@"^total +1,496 without the custom layers'$", lines[^1]);
    }
}
