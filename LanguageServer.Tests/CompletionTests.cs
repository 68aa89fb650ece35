using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using VaeDsl.Dsl.Catalog;
using Xunit;

namespace VaeDsl.LanguageServer.Tests;

/// <summary>Completion, signature help and catalogue docs on hover, while the text is half written.</summary>
public class CompletionTests
{
    private static string[] Labels(JsonElement list) => list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("label").GetString()!).ToArray();

    [Fact]
    public async Task Completion_inside_an_encoder_offers_the_layers_and_inside_a_call_its_remaining_arguments()
    {
        await using var client = await LspClient.StartAsync();
        var uri = LspClient.UriOf("typing.vae");
        var typing = Text.MnistConv.Replace("    flatten\n", "    flatten\n    \n");
        await client.OpenAsync(uri, typing);
        var layers = await client.AtAsync("textDocument/completion", uri, Text.At(typing, "    \n", 4));
        var labels = Labels(layers);
        Assert.Contains("conv2d", labels);
        Assert.Contains("linear", labels);
        Assert.Contains("residual", labels);
        var conv = layers.GetProperty("items").EnumerateArray().First(i => i.GetProperty("label").GetString() == "conv2d");
        Assert.StartsWith("conv2d(channels, kernel", conv.GetProperty("detail").GetString());
        Assert.False(string.IsNullOrEmpty(conv.GetProperty("documentation").GetProperty("value").GetString()));

        // Half-written: the call is not closed, so the parser has given up on the encoder.
        var half = Text.MnistConv.Replace("    flatten\n", "    conv2d(8, padding: 1, \n");
        var v2 = await client.ChangeAsync(uri, half, 2);
        Assert.NotEmpty(v2.EnumerateArray());
        var arguments = Labels(await client.AtAsync("textDocument/completion", uri, Text.At(half, "padding: 1, ", "padding: 1, ".Length)));
        Assert.Contains("kernel", arguments);
        Assert.DoesNotContain("padding", arguments);
        Assert.DoesNotContain("channels", arguments);
        Assert.Contains("hidden", arguments);
        var signature = await client.AtAsync("textDocument/signatureHelp", uri, Text.At(half, "padding: 1, ", "padding: ".Length));
        Assert.StartsWith("conv2d(", signature.GetProperty("signatures")[0].GetProperty("label").GetString());
        var active = signature.GetProperty("activeParameter").GetInt32();
        Assert.StartsWith("padding", signature.GetProperty("signatures")[0].GetProperty("parameters")[active].GetProperty("label").GetString());
    }

    [Fact]
    public async Task Families_priors_and_optimizers_are_offered_where_they_are_written()
    {
        await using var client = await LspClient.StartAsync();
        var uri = LspClient.UriOf("members.vae");
        var text = "model M {\n  input x: [4]\n  latent c ~ \n  prior c ~ \n  train { optimizer:  }\n}\n";
        await client.OpenAsync(uri, text);
        // Every latent family of the catalogue, in its order, and nothing else.
        var families = ConstructCatalog.OfKind(ConstructKind.LatentFamily).Select(c => c.Name).ToArray();
        Assert.Subset(families.ToHashSet(), new[] { "Normal", "Categorical", "Bernoulli" }.ToHashSet());
        Assert.Equal(families, Labels(await client.AtAsync("textDocument/completion", uri, Text.At(text, "latent c ~ ", "latent c ~ ".Length))));
        var optimizers = Labels(await client.AtAsync("textDocument/completion", uri, Text.At(text, "optimizer: ", "optimizer: ".Length)));
        Assert.Contains("adam", optimizers);
        Assert.Contains("sgd", optimizers);
        var withFamily = text.Replace("latent c ~ \n", "latent c ~ Categorical(10)\n");
        await client.ChangeAsync(uri, withFamily, 2);
        var priors = ConstructCatalog.PriorsFor("Categorical").Select(c => c.Name).ToArray();
        Assert.Contains("Uniform", priors);
        Assert.Equal(priors, Labels(await client.AtAsync("textDocument/completion", uri, Text.At(withFamily, "prior c ~ ", "prior c ~ ".Length))));
    }

    [Fact]
    public async Task Hover_on_a_layer_shows_its_signature_doc_and_shapes_and_on_an_argument_its_doc()
    {
        await using var client = await LspClient.StartAsync();
        var uri = LspClient.UriOf("MnistConv.vae");
        await client.OpenAsync(uri, Text.MnistConv);
        var value = (await client.AtAsync("textDocument/hover", uri, Text.At(Text.MnistConv, "conv2d", 1))).GetProperty("contents").GetProperty("value").GetString()!;
        Assert.Contains("conv2d(channels, kernel", value);
        Assert.Contains("`[1, 28, 28] -> [32, 14, 14]` · 320 parameters", value);
        Assert.True(value.IndexOf("conv2d(channels", System.StringComparison.Ordinal) < value.IndexOf("[1, 28, 28] ->", System.StringComparison.Ordinal));
        var stride = (await client.AtAsync("textDocument/hover", uri, Text.At(Text.MnistConv, "stride: 2", 1))).GetProperty("contents").GetProperty("value").GetString()!;
        Assert.Contains("stride: 1", stride);
        Assert.Contains("of `conv2d(", stride);
        var optimizer = (await client.AtAsync("textDocument/hover", uri, Text.At(Text.MnistConv, "adam", 1))).GetProperty("contents").GetProperty("value").GetString()!;
        Assert.Contains("optimizer, written in", optimizer);
    }
}
