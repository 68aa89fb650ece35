using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace VaeDsl.LanguageServer.Tests;

/// <summary>Hover: shapes in and out with parameters on layers, values and docs on declarations.</summary>
public class HoverTests
{
    private static string Value(JsonElement hover) => hover.GetProperty("contents").GetProperty("value").GetString()!;

    [Fact]
    public async Task A_custom_layer_shows_its_declared_shapes_and_leaves_its_parameters_to_its_CSharp()
    {
        await using var client = await LspClient.StartAsync();
        var uri = LspClient.UriOf("Vae.dsl");
        await client.OpenAsync(uri, Text.Tour);
        var value = Value(await client.AtAsync("textDocument/hover", uri, Text.At(Text.Tour, "custom Gate(width, bias")));
        Assert.Contains("**custom** in the encoder of Gated", value);
        Assert.Contains("`[32] -> [32]` · parameters in its C#", value);
    }

    [Fact]
    public async Task The_first_conv2d_of_the_conv_example_shows_its_shapes_and_parameters()
    {
        await using var client = await LspClient.StartAsync();
        var uri = LspClient.UriOf("MnistConv.vae");
        await client.OpenAsync(uri, Text.MnistConv);
        var hover = await client.AtAsync("textDocument/hover", uri, Text.At(Text.MnistConv, "conv2d", 3));
        var value = Value(hover);
        Assert.Contains("**conv2d** in the encoder of MnistConv", value);
        Assert.Contains("`[1, 28, 28] -> [32, 14, 14]` · 320 parameters", value);
        var range = hover.GetProperty("range").GetProperty("start");
        Assert.Equal(Text.At(Text.MnistConv, "conv2d"), (range.GetProperty("line").GetInt32(), range.GetProperty("character").GetInt32()));
    }

    [Fact]
    public async Task A_hyper_parameter_shows_its_value_and_doc_comment_where_it_is_used()
    {
        await using var client = await LspClient.StartAsync();
        var uri = LspClient.UriOf("MnistConv.vae");
        await client.OpenAsync(uri, Text.MnistConv);
        var value = Value(await client.AtAsync("textDocument/hover", uri, Text.At(Text.MnistConv, "linear(hidden)", "linear(".Length + 2)));
        Assert.Contains("hyper hidden = 16", value);
        Assert.Contains("value: `16`", value);
        Assert.Contains("Width of the dense layer", value);
    }

    [Fact]
    public async Task A_block_use_shows_the_block_and_a_layer_in_a_block_one_shape_per_use()
    {
        await using var client = await LspClient.StartAsync();
        var uri = LspClient.UriOf("Vae.dsl");
        await client.OpenAsync(uri, Text.Tour);
        var use = Value(await client.AtAsync("textDocument/hover", uri, Text.At(Text.Tour, "Down(c2)", 1)));
        Assert.Contains("`[32, 14, 14] -> [64, 7, 7]`", use);
        Assert.Contains("block Down(channels, kernel = 4)", use);
        var inBlock = Value(await client.AtAsync("textDocument/hover", uri, Text.At(Text.Tour, "batch_norm", 1)));
        Assert.Contains("`[32, 14, 14] -> [32, 14, 14]` · 64 parameters", inBlock);
        Assert.Contains("`[64, 7, 7] -> [64, 7, 7]` · 128 parameters", inBlock);
        Assert.Contains("(2 uses)", inBlock);
        var latent = Value(await client.AtAsync("textDocument/hover", uri, Text.At(Text.Tour, "prior c ~", "prior ".Length)));
        Assert.Contains("latent c ~ Categorical(10", latent);
        Assert.Contains("prior Uniform", latent);
    }

    [Fact]
    public async Task A_broken_document_still_answers_before_its_error_and_nothing_is_null()
    {
        const string text = "model M {\n  input x: [1, 28, 28]\n  hyper h = 8\n  encoder { flatten linaer(h) }\n}\n";
        await using var client = await LspClient.StartAsync();
        var uri = LspClient.UriOf("partial.vae");
        await client.OpenAsync(uri, text);
        Assert.Contains("`[1, 28, 28] -> [784]`", Value(await client.AtAsync("textDocument/hover", uri, Text.At(text, "flatten"))));
        Assert.Contains("hyper h = 8", Value(await client.AtAsync("textDocument/hover", uri, Text.At(text, "(h)", 1))));
        Assert.Equal(JsonValueKind.Null, (await client.AtAsync("textDocument/hover", uri, (0, 0))).ValueKind);
    }
}
