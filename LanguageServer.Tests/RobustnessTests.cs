using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using StreamJsonRpc;
using Xunit;

namespace VaeDsl.LanguageServer.Tests;

/// <summary>The server never fails its host: bad requests get error responses or empty answers, and it goes on.</summary>
public class RobustnessTests
{
    [Fact]
    public async Task Malformed_parameters_get_an_error_response_and_the_server_keeps_serving()
    {
        await using var client = await LspClient.StartAsync();
        await Assert.ThrowsAsync<RemoteInvocationException>(() => client.RequestAsync("textDocument/hover", new { textDocument = 42, position = "here" }));
        await Assert.ThrowsAsync<RemoteMethodNotFoundException>(() => client.RequestAsync("textDocument/noSuchFeature", new { }));
        // Notifications with nonsense are dropped, not fatal.
        await client.NotifyAsync("textDocument/didOpen", new { textDocument = "not a document" });
        var uri = LspClient.UriOf("after.vae");
        Assert.Empty((await client.OpenAsync(uri, Text.MnistConv)).EnumerateArray());
        Assert.Equal(0, await client.ShutdownAsync());
    }

    [Fact]
    public async Task Positions_outside_the_text_and_documents_never_opened_get_empty_answers()
    {
        await using var client = await LspClient.StartAsync();
        var uri = LspClient.UriOf("short.vae");
        await client.OpenAsync(uri, Text.MnistConv);
        Assert.Equal(JsonValueKind.Null, (await client.AtAsync("textDocument/hover", uri, (9999, 9999))).ValueKind);
        Assert.Equal(JsonValueKind.Null, (await client.AtAsync("textDocument/hover", uri, (-3, -7))).ValueKind);
        Assert.Equal(JsonValueKind.Null, (await client.AtAsync("textDocument/definition", LspClient.UriOf("never-opened.vae"), (0, 0))).ValueKind);
        Assert.Equal(JsonValueKind.Null, (await client.RequestAsync("textDocument/documentSymbol", new { textDocument = new { uri = "untitled:Untitled-1" } })).ValueKind);
    }

    [Fact]
    public async Task Garbage_and_a_huge_document_are_diagnosed_and_every_feature_still_answers()
    {
        await using var client = await LspClient.StartAsync();
        var garbage = LspClient.UriOf("garbage.vae");
        Assert.NotEmpty((await client.OpenAsync(garbage, "model { ((( } ] latent ~ ~ block \u0000 /* never closed")).EnumerateArray());
        foreach (var method in new[] { "textDocument/hover", "textDocument/definition", "textDocument/references", "textDocument/documentHighlight", "textDocument/prepareRename" })
        {
            await client.AtAsync(method, garbage, (0, 3), method == "textDocument/references" ? new { context = new { includeDeclaration = true } } : null);
        }
        await client.RequestAsync("textDocument/documentSymbol", new { textDocument = new { uri = garbage } });
        await client.RequestAsync("textDocument/foldingRange", new { textDocument = new { uri = garbage } });

        var layers = new StringBuilder("model Deep {\n  input x: [64]\n  encoder {\n");
        for (var i = 0; i < 200; i++) layers.Append("    linear(64) relu\n");
        layers.Append("  }\n  latent z ~ Normal(4)\n  decoder { linear(64) }\n  likelihood Bernoulli\n  loss = recon + kl\n}\n");
        var deep = LspClient.UriOf("deep.vae");
        Assert.Empty((await client.OpenAsync(deep, layers.ToString())).EnumerateArray());
        var hints = await client.RequestAsync("textDocument/inlayHint", new { textDocument = new { uri = deep }, range = new { start = new { line = 0, character = 0 }, end = new { line = 9999, character = 0 } } });
        Assert.Equal(400 + 1 + 1 + 1, hints.GetArrayLength());
        Assert.DoesNotContain(client.LogMessages, m => m.Contains("failed"));
    }
}
