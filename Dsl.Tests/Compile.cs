using System.Linq;
using VaeDsl.Dsl.Model;
using Xunit;

namespace VaeDsl.Dsl.Tests;

/// <summary>Small helpers shared by the tests.</summary>
internal static class Compile
{
    public static CheckedFile File(string text) => VaeCompiler.Compile("test.vae", text);

    /// <summary>Compiles and asserts there is not a single diagnostic, showing them all if there are.</summary>
    public static CheckedModel Clean(string text)
    {
        var file = File(text);
        Assert.True(file.Diagnostics.Count == 0, string.Join("\n", file.Diagnostics.Select(d => d.ToString())));
        return Assert.Single(file.Models);
    }

    /// <summary>A complete valid model with a replaceable part, to test one construct at a time.</summary>
    public static string Model(
        string input = "input x: [1, 28, 28]",
        string hyper = "",
        string encoder = "encoder { flatten linear(64) relu }",
        string latent = "latent z ~ Normal(8)",
        string prior = "prior z ~ StandardNormal",
        string decoder = "decoder { linear(64) relu linear(784) reshape(1, 28, 28) }",
        string likelihood = "likelihood Bernoulli",
        string loss = "loss = recon + kl",
        string train = "",
        string extra = "") =>
        $"model M {{\n  {input}\n  {hyper}\n  {encoder}\n  {latent}\n  {prior}\n  {decoder}\n  {likelihood}\n  {loss}\n  {train}\n  {extra}\n}}\n";
}
