using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using StreamJsonRpc;
using Xunit;

namespace VaeDsl.LanguageServer.Tests;

/// <summary>Outline, folding, go to definition, find references, highlights and rename.</summary>
public class NavigationTests
{
    private static (int, int) Start(JsonElement withRange) =>
        (withRange.GetProperty("range").GetProperty("start").GetProperty("line").GetInt32(), withRange.GetProperty("range").GetProperty("start").GetProperty("character").GetInt32());

    [Fact]
    public async Task The_outline_lists_blocks_models_hyper_parameters_and_latents()
    {
        await using var client = await LspClient.StartAsync();
        var uri = LspClient.UriOf("Vae.dsl");
        await client.OpenAsync(uri, Text.Tour);
        var symbols = await client.RequestAsync("textDocument/documentSymbol", new { textDocument = new { uri } });
        Assert.Equal(new[] { "Down", "MnistConv", "Tabular", "Discrete", "Pixels", "Tokens", "Flows", "Gated", "Sequences", "Words", "Codes", "Ladder" }, symbols.EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        var conv = symbols[1];
        Assert.Equal(5, conv.GetProperty("kind").GetInt32());
        var children = conv.GetProperty("children").EnumerateArray().ToList();
        Assert.Contains(children, c => c.GetProperty("name").GetString() == "c2" && c.GetProperty("kind").GetInt32() == 7 && c.GetProperty("detail").GetString() == "c1 * 2");
        Assert.Contains(children, c => c.GetProperty("name").GetString() == "z" && c.GetProperty("kind").GetInt32() == 8);
        Assert.Contains(children, c => c.GetProperty("name").GetString() == "Up" && c.GetProperty("kind").GetInt32() == 12);
        Assert.Equal(Text.At(Text.Tour, "MnistConv {"), (conv.GetProperty("selectionRange").GetProperty("start").GetProperty("line").GetInt32(), conv.GetProperty("selectionRange").GetProperty("start").GetProperty("character").GetInt32()));
    }

    [Fact]
    public async Task Folding_ranges_cover_each_model_and_section()
    {
        await using var client = await LspClient.StartAsync();
        var uri = LspClient.UriOf("MnistConv.vae");
        await client.OpenAsync(uri, Text.MnistConv);
        var folds = (await client.RequestAsync("textDocument/foldingRange", new { textDocument = new { uri } })).EnumerateArray()
            .Select(f => (f.GetProperty("startLine").GetInt32(), f.GetProperty("endLine").GetInt32())).ToList();
        Assert.Contains((Text.At(Text.MnistConv, "model").Line, Text.At(Text.MnistConv, "\n}").Line + 1), folds);
        Assert.Contains((Text.At(Text.MnistConv, "encoder {").Line, Text.At(Text.MnistConv, "latent z").Line - 1), folds);
        Assert.Contains((Text.At(Text.MnistConv, "decoder {").Line, Text.At(Text.MnistConv, "likelihood").Line - 1), folds);
    }

    [Fact]
    public async Task Definition_references_and_highlights_of_a_hyper_parameter()
    {
        await using var client = await LspClient.StartAsync();
        var uri = LspClient.UriOf("Vae.dsl");
        await client.OpenAsync(uri, Text.Tour);
        var use = Text.At(Text.Tour, "Up(c1)", 3);
        var definition = await client.AtAsync("textDocument/definition", uri, use);
        Assert.Equal(uri, definition.GetProperty("uri").GetString());
        Assert.Equal(Text.At(Text.Tour, "c1 = 32"), Start(definition));
        var references = await client.AtAsync("textDocument/references", uri, use, new { context = new { includeDeclaration = true } });
        Assert.Equal(new[] { Text.At(Text.Tour, "c1 = 32"), Text.At(Text.Tour, "c1 * 2"), Text.At(Text.Tour, "c1)"), Text.At(Text.Tour, "Up(c1)", 3) },
            references.EnumerateArray().Select(Start));
        var withoutDeclaration = await client.AtAsync("textDocument/references", uri, use, new { context = new { includeDeclaration = false } });
        Assert.Equal(3, withoutDeclaration.GetArrayLength());
        var highlights = await client.AtAsync("textDocument/documentHighlight", uri, use);
        Assert.Equal(new[] { 3, 2, 2, 2 }, highlights.EnumerateArray().Select(h => h.GetProperty("kind").GetInt32()));
    }

    [Fact]
    public async Task A_block_and_a_latent_lead_to_their_declarations()
    {
        await using var client = await LspClient.StartAsync();
        var uri = LspClient.UriOf("Vae.dsl");
        await client.OpenAsync(uri, Text.Tour);
        Assert.Equal(Text.At(Text.Tour, "Down(channels"), Start(await client.AtAsync("textDocument/definition", uri, Text.At(Text.Tour, "Down(c2)", 2))));
        Assert.Equal(Text.At(Text.Tour, "z ~ Normal(latent)"), Start(await client.AtAsync("textDocument/definition", uri, Text.At(Text.Tour, "prior z ~ StandardNormal", "prior ".Length))));
        Assert.Equal(JsonValueKind.Null, (await client.AtAsync("textDocument/definition", uri, Text.At(Text.Tour, "relu"))).ValueKind);
    }

    [Fact]
    public async Task Rename_changes_every_place_and_refuses_a_name_the_file_cannot_take()
    {
        await using var client = await LspClient.StartAsync();
        var uri = LspClient.UriOf("Vae.dsl");
        await client.OpenAsync(uri, Text.Tour);
        var at = Text.At(Text.Tour, "Down(c1)", "Down(".Length);
        var prepared = await client.AtAsync("textDocument/prepareRename", uri, at);
        Assert.Equal("c1", prepared.GetProperty("placeholder").GetString());
        var edit = await client.AtAsync("textDocument/rename", uri, at, new { newName = "base_channels" });
        var edits = edit.GetProperty("changes").GetProperty(uri).EnumerateArray().ToList();
        Assert.Equal(4, edits.Count);
        Assert.All(edits, e => Assert.Equal("base_channels", e.GetProperty("newText").GetString()));

        // 'hidden' is taken, 'encoder' is a keyword, '2x' is not a name: each refused with the reason.
        var clash = await Assert.ThrowsAsync<RemoteInvocationException>(() => client.AtAsync("textDocument/rename", uri, at, new { newName = "hidden" }));
        Assert.Contains("cannot rename 'c1' to 'hidden': hyper-parameter 'hidden' is declared more than once", clash.Message);
        await Assert.ThrowsAsync<RemoteInvocationException>(() => client.AtAsync("textDocument/rename", uri, at, new { newName = "2x" }));
        Assert.Equal(JsonValueKind.Null, (await client.AtAsync("textDocument/prepareRename", uri, Text.At(Text.Tour, "relu"))).ValueKind);
    }
}
