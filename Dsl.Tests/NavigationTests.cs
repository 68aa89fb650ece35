using System.IO;
using System.Linq;
using VaeDsl.Dsl.Model;
using VaeDsl.Dsl.Navigation;
using VaeDsl.Testing;
using Xunit;

namespace VaeDsl.Dsl.Tests;

/// <summary>The questions an editor asks the front end about places in a file: declarations, uses, layer shapes.</summary>
public class NavigationTests
{
    private static readonly string Tour = File.ReadAllText(RepositoryRoot.File("Vae.dsl"));

    private static int At(string text, string marker, int skip = 0)
    {
        var index = -1;
        for (var i = 0; i <= skip; i++) index = text.IndexOf(marker, index + 1, System.StringComparison.Ordinal);
        Assert.True(index >= 0, $"'{marker}' not found");
        return index;
    }

    [Fact]
    public void The_outline_lists_file_blocks_models_and_their_declarations()
    {
        var document = VaeDocument.Analyze("Vae.dsl", Tour);
        Assert.Equal(new[] { "Down", "MnistConv", "Tabular", "Discrete", "Pixels", "Tokens", "Flows", "Gated", "Sequences", "Words", "Codes", "Ladder" }, document.Symbols.Select(s => s.Name));
        var conv = document.Symbols.Single(s => s.Name == "MnistConv");
        Assert.Equal(SymbolKind.Model, conv.Kind);
        Assert.StartsWith("Convolutional VAE", conv.Documentation);
        Assert.Equal(new[] { "latent", "hidden", "beta", "c1", "c2" }, conv.Children.Where(c => c.Kind == SymbolKind.HyperParameter).Select(c => c.Name));
        Assert.Equal("c1 * 2", conv.Children.Single(c => c.Name == "c2").Detail);
        Assert.Equal("Size of the latent code.", conv.Children.First(c => c.Name == "latent").Documentation);
        var up = conv.Children.Single(c => c.Kind == SymbolKind.Block);
        Assert.Equal("Up", up.Name);
        Assert.Equal("channels", Assert.Single(up.Children).Name);
        Assert.Contains(conv.Children, c => c.Kind == SymbolKind.Latent && c.Name == "z" && c.Detail == "Normal(latent)");
        Assert.Equal(new[] { "encoder", "decoder", "likelihood", "loss", "train" }, conv.Children.Where(c => c.Kind == SymbolKind.Section).Select(c => c.Name));
        Assert.Equal("(channels, kernel = 4)", document.Symbols[0].Detail);
    }

    [Fact]
    public void A_hyper_parameter_use_leads_to_its_declaration_and_every_use()
    {
        var document = VaeDocument.Analyze("Vae.dsl", Tour);
        var use = document.OccurrenceAt(At(Tour, "Down(c1)") + "Down(".Length + 1);
        Assert.NotNull(use);
        Assert.False(use!.IsDeclaration);
        Assert.Equal(SymbolKind.HyperParameter, use.Symbol.Kind);
        Assert.Equal("c1", use.Symbol.Name);
        Assert.Equal("MnistConv", use.Symbol.Model);
        // Declared once; used in c2's default, Down(c1) and Up(c1).
        var all = document.OccurrencesOf(use.Symbol).ToList();
        Assert.Equal(4, all.Count);
        Assert.Single(all, o => o.IsDeclaration);
        Assert.All(all, o => Assert.Equal("c1", Tour.Substring(o.Span.Start, o.Span.Length)));
    }

    [Fact]
    public void A_name_on_the_right_of_an_operator_or_under_a_minus_is_a_use()
    {
        const string source = """
            model M {
              input x: [16]
              hyper h = 4, w = 2 * h, v = 1 - -h
              encoder { linear(w + v) relu }
              latent z ~ Normal(h)
              decoder { linear(16) }
              likelihood Bernoulli
              loss = recon + kl
            }
            """;
        var document = VaeDocument.Analyze("m.vae", source);
        var declaration = document.OccurrenceAt(At(source, "h = 4"));
        Assert.NotNull(declaration);
        // Declared once; used in w, under v's minus and in Normal(h).
        Assert.Equal(4, document.OccurrencesOf(declaration!.Symbol).Count());
        var v = document.OccurrenceAt(At(source, "v = 1"));
        Assert.Equal(2, document.OccurrencesOf(v!.Symbol).Count());
    }

    [Fact]
    public void A_block_parameter_hides_the_hyper_parameter_of_the_same_name_inside_its_block()
    {
        const string text = "model M {\n  input x: [4]\n  hyper k = 3\n  block B(k) { linear(k) }\n  encoder { B(k) }\n  latent z ~ Normal(2)\n  decoder { linear(4) }\n  likelihood Bernoulli\n  loss = recon + kl\n}\n";
        var document = VaeDocument.Analyze("m.vae", text);
        var inside = document.OccurrenceAt(At(text, "linear(k)") + "linear(".Length)!;
        Assert.Equal(SymbolKind.BlockParameter, inside.Symbol.Kind);
        var outside = document.OccurrenceAt(At(text, "B(k) }") + 2)!;
        Assert.Equal(SymbolKind.HyperParameter, outside.Symbol.Kind);
        Assert.Equal(2, document.OccurrencesOf(outside.Symbol).Count());
        var block = document.OccurrenceAt(At(text, "B(k) }"))!;
        Assert.Equal(SymbolKind.Block, block.Symbol.Kind);
        Assert.Equal(2, document.OccurrencesOf(block.Symbol).Count());
    }

    [Fact]
    public void A_prior_names_its_latent()
    {
        var document = VaeDocument.Analyze("Vae.dsl", Tour);
        var prior = document.OccurrenceAt(At(Tour, "prior b ~") + "prior ".Length)!;
        Assert.Equal(SymbolKind.Latent, prior.Symbol.Kind);
        Assert.Equal("Discrete", prior.Symbol.Model);
        Assert.Equal(2, document.OccurrencesOf(prior.Symbol).Count());
    }

    [Fact]
    public void Each_layer_carries_its_shapes_and_parameter_count()
    {
        var text = File.ReadAllText(RepositoryRoot.File("Examples", "MnistConv", "MnistConv.vae"));
        var document = VaeDocument.Analyze("MnistConv.vae", text);
        var first = Assert.Single(document.LayersAt(At(text, "conv2d") + 2));
        Assert.Equal("conv2d", first.Name);
        Assert.Equal("encoder", first.Section);
        Assert.Equal(Shape.Of(1, 28, 28), first.Input);
        Assert.Equal(Shape.Of(32, 14, 14), first.Output);
        Assert.Equal(1 * 32 * 3 * 3 + 32, first.Parameters);
        var model = Assert.Single(document.File.Models);
        // The items written directly in the sections add up to the layers' share of the model's count.
        var written = document.Layers.Where(l => !l.InsideBlock).Sum(l => l.Parameters!.Value);
        Assert.Equal(ParameterCount.Of(model.Encoder) + ParameterCount.Of(model.Decoder), written);
    }

    [Fact]
    public void A_block_use_and_each_layer_of_its_body_have_shapes_per_use()
    {
        var document = VaeDocument.Analyze("Vae.dsl", Tour);
        var down = document.LayersAt(At(Tour, "Down(c1)"));
        Assert.Equal("[1, 28, 28] -> [32, 14, 14]", $"{down.Single().Input} -> {down.Single().Output}");
        var inBody = document.LayersAt(At(Tour, "conv2d(channels"));
        Assert.Equal(2, inBody.Count);
        Assert.All(inBody, l => Assert.True(l.InsideBlock));
        Assert.Equal(new[] { "[32, 14, 14]", "[64, 7, 7]" }, inBody.Select(l => l.Output!.ToString()));
    }

    [Fact]
    public void A_model_with_errors_keeps_its_outline_and_the_shapes_before_the_error()
    {
        const string text = "model M {\n  input x: [1, 28, 28]\n  hyper h = 8\n  encoder { flatten linaer(h) linear(h) }\n  latent z ~ Normal(2)\n  decoder { linear(784) }\n  likelihood Bernoulli\n  loss = recon + kl\n}\n";
        var document = VaeDocument.Analyze("m.vae", text);
        Assert.Contains(document.File.Diagnostics, d => d.Id == "VAE0102");
        Assert.Empty(document.File.Models);
        Assert.Equal(Shape.Of(784), document.LayersAt(At(text, "flatten")).Single().Output);
        Assert.Null(document.LayersAt(At(text, "linaer")).Single().Output);
        Assert.Equal(3, document.OccurrencesOf(document.OccurrenceAt(At(text, "h = 8"))!.Symbol).Count());
        Assert.Contains(document.Symbols.Single().Children, c => c.Kind == SymbolKind.Latent);
    }

    [Fact]
    public void Folds_cover_models_blocks_and_sections()
    {
        var document = VaeDocument.Analyze("Vae.dsl", Tour);
        Assert.Contains(document.Folds, f => Tour.Substring(f.Start).StartsWith("model MnistConv"));
        Assert.Contains(document.Folds, f => Tour.Substring(f.Start).StartsWith("block Down"));
        Assert.Contains(document.Folds, f => Tour.Substring(f.Start).StartsWith("repeat depth"));
        Assert.Contains(document.Folds, f => Tour.Substring(f.Start).StartsWith("train {\n"));
    }

    [Fact]
    public void Offsets_and_positions_round_trip_and_clamp()
    {
        const string text = "ab\ncd\n";
        var document = VaeDocument.Analyze("x.vae", text);
        Assert.Equal(4, document.Offset(1, 1));
        Assert.Equal(5, document.Offset(1, 99));
        Assert.Equal(text.Length, document.Offset(9, 0));
        var span = document.Span(4, 5);
        Assert.Equal((1, 1, 1, 2), (span.StartLine, span.StartColumn, span.EndLine, span.EndColumn));
        // A column past a CRLF line's end stops before the break.
        Assert.Equal(2, VaeDocument.Analyze("x.vae", "ab\r\ncd").Offset(0, 9));
    }

    [Fact]
    public void Garbage_gives_diagnostics_and_an_empty_outline_without_throwing()
    {
        var document = VaeDocument.Analyze("x.vae", "model { ((( } ] latent ~ ~ block");
        Assert.NotEmpty(document.File.Diagnostics);
        Assert.Null(document.OccurrenceAt(3));
        Assert.Empty(document.LayersAt(3));
    }
}
