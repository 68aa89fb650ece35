using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace VaeDsl.LanguageServer.Tests;

/// <summary>Inlay hints: the shape after each layer, each latent's size and the decoder's target.</summary>
public class InlayHintTests
{
    [Fact]
    public async Task The_conv_example_shows_shapes_after_layers_the_latent_size_and_the_decoder_target()
    {
        await using var client = await LspClient.StartAsync();
        var uri = LspClient.UriOf("MnistConv.vae");
        await client.OpenAsync(uri, Text.MnistConv);
        var hints = (await client.RequestAsync("textDocument/inlayHint", new { textDocument = new { uri }, range = new { start = new { line = 0, character = 0 }, end = new { line = 999, character = 0 } } }))
            .EnumerateArray()
            .Select(h => (h.GetProperty("position").GetProperty("line").GetInt32(), h.GetProperty("position").GetProperty("character").GetInt32(), h.GetProperty("label").GetString()))
            .ToList();
        var firstConv = "conv2d(32, kernel: 3, stride: 2, padding: 1)";
        var (line, character) = Text.At(Text.MnistConv, firstConv, firstConv.Length);
        Assert.True(hints.Contains((line, character, "[32, 14, 14]")), string.Join("; ", hints));
        var latent = "latent z ~ Normal(latent)";
        var (latentLine, latentEnd) = Text.At(Text.MnistConv, latent, latent.Length);
        Assert.Contains((latentLine, latentEnd, "[2]"), hints);
        var (decoderLine, decoderEnd) = Text.At(Text.MnistConv, "decoder {", "decoder".Length);
        Assert.Contains((decoderLine, decoderEnd, "-> [1, 28, 28]"), hints);
        Assert.Equal(hints.OrderBy(h => h.Item1).ThenBy(h => h.Item2), hints);
    }

    [Fact]
    public async Task Only_hints_inside_the_requested_range_are_sent_and_a_block_body_has_none()
    {
        await using var client = await LspClient.StartAsync();
        var uri = LspClient.UriOf("Vae.dsl");
        await client.OpenAsync(uri, Text.Tour);
        var block = Text.At(Text.Tour, "block Down");
        var blockEnd = Text.At(Text.Tour, "leaky_relu(slope: 0.2)\n}", 24);
        var inBlock = await client.RequestAsync("textDocument/inlayHint", new { textDocument = new { uri }, range = new { start = new { line = block.Line, character = 0 }, end = new { line = blockEnd.Line, character = 1 } } });
        Assert.Equal(0, inBlock.GetArrayLength());
        var encoder = Text.At(Text.Tour, "Down(c1)");
        var uses = await client.RequestAsync("textDocument/inlayHint", new { textDocument = new { uri }, range = new { start = new { line = encoder.Line, character = 0 }, end = new { line = encoder.Line + 1, character = 99 } } });
        Assert.Equal(new[] { "[32, 14, 14]", "[64, 7, 7]" }, uses.EnumerateArray().Select(h => h.GetProperty("label").GetString()));
    }
}
