using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using VaeDsl.Testing;
using Xunit;

namespace VaeDsl.LanguageServer.Tests;

/// <summary>Diagnostics as the user types: published on open and on every change, cleared when fixed or closed.</summary>
public class DiagnosticsTests
{
    private const string Broken = "model M {\n  input x: [4]\n  encoder { linaer(3) }\n  latent z ~ Normal(2)\n  decoder { linear(4) }\n  likelihood Bernoulli\n  loss = recon + kl\n}\n";

    [Fact]
    public async Task A_misspelt_layer_is_reported_at_its_place_with_the_build_id_and_help_link_and_cleared_when_fixed()
    {
        await using var client = await LspClient.StartAsync();
        var uri = LspClient.UriOf("broken.vae");
        var diagnostics = await client.OpenAsync(uri, Broken);
        var only = Assert.Single(diagnostics.EnumerateArray());
        Assert.Equal("VAE0102", only.GetProperty("code").GetString());
        Assert.Equal("unknown layer or block 'linaer'", only.GetProperty("message").GetString());
        Assert.Equal(1, only.GetProperty("severity").GetInt32());
        var range = only.GetProperty("range");
        Assert.Equal((2, 12, 2, 18), (range.GetProperty("start").GetProperty("line").GetInt32(), range.GetProperty("start").GetProperty("character").GetInt32(),
            range.GetProperty("end").GetProperty("line").GetInt32(), range.GetProperty("end").GetProperty("character").GetInt32()));
        var link = only.GetProperty("codeDescription").GetProperty("href").GetString()!;
        Assert.EndsWith("docs/diagnostics.md#vae0102-unknown-layer-error", link);
        // The link's anchor is a heading of the shipped docs.
        Assert.Contains("### VAE0102 Unknown layer (error)", File.ReadAllText(RepositoryRoot.File("docs", "diagnostics.md")));

        var fixedText = await client.ChangeAsync(uri, Broken.Replace("linaer", "linear"), 2);
        Assert.Empty(fixedText.EnumerateArray());
        var brokenAgain = await client.ChangeAsync(uri, Broken.Replace("linaer(3)", "linear(4) reshape(2, 2)"), 3);
        Assert.Equal("VAE0204", Assert.Single(brokenAgain.EnumerateArray()).GetProperty("code").GetString());
        Assert.Equal(0, await client.ShutdownAsync());
    }

    [Fact]
    public async Task Several_documents_are_kept_apart_and_closing_one_clears_its_diagnostics()
    {
        await using var client = await LspClient.StartAsync();
        var broken = LspClient.UriOf("one.vae");
        var clean = LspClient.UriOf("two.vae");
        Assert.Single((await client.OpenAsync(broken, Broken)).EnumerateArray());
        Assert.Empty((await client.OpenAsync(clean, Text.MnistConv)).EnumerateArray());
        var warning = await client.ChangeAsync(clean, Text.MnistConv.Replace("hyper latent = 2", "hyper latent = 2, spare = 3"), 2);
        Assert.Equal(2, Assert.Single(warning.EnumerateArray()).GetProperty("severity").GetInt32());
        // The broken document is still open and still broken: hover there still answers.
        var hover = await client.AtAsync("textDocument/hover", broken, Text.At(Broken, "linear(4)", 1));
        Assert.Contains("[4]", hover.GetProperty("contents").GetProperty("value").GetString());
        Assert.Empty((await client.CloseAsync(broken)).EnumerateArray());
        Assert.Equal(JsonValueKind.Null, (await client.AtAsync("textDocument/hover", broken, (2, 12))).ValueKind);
    }

    [Fact]
    public async Task The_tour_has_no_diagnostics_and_a_stale_change_does_not_replace_a_newer_one()
    {
        await using var client = await LspClient.StartAsync();
        var uri = LspClient.UriOf("Vae.dsl");
        Assert.Empty((await client.OpenAsync(uri, Text.Tour, version: 5)).EnumerateArray());
        // Version 4 arrives late: the server keeps version 5's text, so its answers are still about the tour.
        await client.NotifyAsync("textDocument/didChange", new { textDocument = new { uri, version = 4 }, contentChanges = new[] { new { text = Broken } } });
        var symbols = await client.RequestAsync("textDocument/documentSymbol", new { textDocument = new { uri } });
        // The tour's outline: its file-level block and its models.
        var declarations = Text.Tour.Split('\n').Count(line => line.StartsWith("block ", System.StringComparison.Ordinal) || line.StartsWith("model ", System.StringComparison.Ordinal));
        Assert.Equal(declarations, symbols.GetArrayLength());
    }
}
