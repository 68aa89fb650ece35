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

    [Fact]
    public async Task After_custom_the_types_named_in_the_open_files_and_the_layers_snippet_are_offered_also_on_a_space()
    {
        await using var client = await LspClient.StartAsync();
        var other = LspClient.UriOf("gated.vae");
        await client.OpenAsync(other, "model G {\n  input x: [8]\n  encoder { linear(16) custom MyLayers.Gate(16) [n] -> [n] }\n  latent z ~ Normal(2)\n"
            + "  decoder { linear(8) }\n  likelihood Gaussian\n  loss = recon + kl\n}\n");
        var uri = LspClient.UriOf("typing-custom.vae");
        var typing = Text.MnistConv.Replace("    flatten\n", "    flatten\n    custom Local.Scale(2.0) -> [1568]\n    custom \n");
        await client.OpenAsync(uri, typing);
        var at = Text.At(typing, "    custom \n", "    custom ".Length);

        var invoked = (await client.AtAsync("textDocument/completion", uri, at)).GetProperty("items").EnumerateArray().ToList();
        var typed = (await client.AtAsync("textDocument/completion", uri, at, new { context = new { triggerKind = 2, triggerCharacter = " " } })).GetProperty("items").EnumerateArray().ToList();

        Assert.Equal(new[] { "Local.Scale", "MyLayers.Gate", "Type(arguments) [n0, …] -> [d0, …]" }, invoked.Select(i => i.GetProperty("label").GetString()));
        Assert.All(invoked.Take(2), i => Assert.Equal(7, i.GetProperty("kind").GetInt32()));
        Assert.Equal("named by a custom layer of gated.vae", invoked[1].GetProperty("detail").GetString());
        var snippet = invoked[2];
        Assert.Equal(15, snippet.GetProperty("kind").GetInt32());
        Assert.Equal(2, snippet.GetProperty("insertTextFormat").GetInt32());
        Assert.Equal("${1:Type}(${2:arguments}) [${3:n0, …}] -> [${4:d0, …}]", snippet.GetProperty("insertText").GetString());
        Assert.False(invoked[0].TryGetProperty("insertTextFormat", out _));
        Assert.Equal(invoked.Select(i => i.GetProperty("label").GetString()), typed.Select(i => i.GetProperty("label").GetString()));

        // A space elsewhere offers nothing; asked for there, the layers as always.
        var layerList = Text.At(typing, "    flatten\n", "    flatten".Length);
        Assert.Empty((await client.AtAsync("textDocument/completion", uri, layerList, new { context = new { triggerKind = 2, triggerCharacter = " " } })).GetProperty("items").EnumerateArray());
        Assert.Contains("conv2d", Labels(await client.AtAsync("textDocument/completion", uri, Text.At(typing, "    custom \n", 4))));
        Assert.Contains(" ", client.Capabilities.GetProperty("completionProvider").GetProperty("triggerCharacters").EnumerateArray().Select(c => c.GetString()));
    }
}

