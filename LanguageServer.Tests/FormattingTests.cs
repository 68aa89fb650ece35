using System.Threading.Tasks;
using Xunit;

namespace VaeDsl.LanguageServer.Tests;

/// <summary>Format document: one edit to the canonical layout, none for a formatted or broken document.</summary>
public class FormattingTests
{
    [Fact]
    public async Task A_messy_document_becomes_one_edit_and_a_formatted_or_broken_one_gets_none()
    {
        await using var client = await LspClient.StartAsync();
        var uri = LspClient.UriOf("messy.vae");
        const string messy = "model M{\n input x:[4] // x\n encoder{linear(3)}\n latent z~Normal(2)\n decoder{linear(4)}\n likelihood Bernoulli\n loss=recon+kl\n}\n";
        await client.OpenAsync(uri, messy);
        var edits = await client.RequestAsync("textDocument/formatting", new { textDocument = new { uri }, options = new { tabSize = 2, insertSpaces = true } });
        var edit = Assert.Single(edits.EnumerateArray());
        Assert.StartsWith("model M {\n  input x: [4] // x\n  encoder { linear(3) }\n", edit.GetProperty("newText").GetString());
        Assert.Equal(8, edit.GetProperty("range").GetProperty("end").GetProperty("line").GetInt32());

        await client.ChangeAsync(uri, edit.GetProperty("newText").GetString()!, 2);
        Assert.Equal(0, (await client.RequestAsync("textDocument/formatting", new { textDocument = new { uri }, options = new { tabSize = 2, insertSpaces = true } })).GetArrayLength());
        await client.ChangeAsync(uri, "model M { encoder { linear(4 } }", 3);
        Assert.Equal(0, (await client.RequestAsync("textDocument/formatting", new { textDocument = new { uri }, options = new { tabSize = 2, insertSpaces = true } })).GetArrayLength());
    }
}
