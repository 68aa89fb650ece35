using System.Linq;
using VaeDsl.Dsl.Formatting;
using VaeDsl.Dsl.Model;
using Xunit;

namespace VaeDsl.Dsl.Tests;

/// <summary><c>custom T(arguments) [n] -> [d]</c>: the front end reads the type name and the arguments as written,
/// continues shape inference from the declared output, and checks only what it can see: the syntax and the shapes.
/// Whether the type exists and has a matching constructor is the generator's check (Generator.Tests).</summary>
public class CustomLayerTests
{
    private static CheckedModel Encoder(string layers, string hyper = "") =>
        Compile.Clean(Compile.Model(input: "input x: [12]", hyper: hyper, encoder: $"encoder {{ {layers} }}", decoder: "decoder { linear(12) }"));

    private static VaeDiagnostic Only(string layers, string hyper = "")
    {
        var file = Compile.File(Compile.Model(input: "input x: [12]", hyper: hyper, encoder: $"encoder {{ {layers} }}", decoder: "decoder { linear(12) }"));
        return Assert.Single(file.Diagnostics);
    }

    [Fact]
    public void The_declared_output_shape_is_the_shape_the_next_layer_receives()
    {
        var model = Encoder("linear(64) custom MyLayers.Gate(64, p: 0.5, gated: true) -> [32] linear(16)");

        var custom = model.Encoder.Layers[1];
        Assert.Equal("custom", custom.Kind);
        Assert.Equal(Shape.Of(64), custom.InputShape);
        Assert.Equal(Shape.Of(32), custom.OutputShape);
        Assert.Equal(Shape.Of(32), model.Encoder.Layers[2].InputShape);
        Assert.Equal("MyLayers.Gate", custom.Custom!.TypeName);
        Assert.Equal("(4,31)", custom.Custom.TypeSpan.ToString());
        Assert.Equal(new[] { "0=64", "p=0.5", "gated=true" }, custom.Arguments.Select(a => a.Name + "=" + (a.Word ?? a.Number!.ToString())));
    }

    [Fact]
    public void A_rule_names_the_input_sizes_and_writes_the_output_over_them_and_the_hyper_parameters()
    {
        var model = Encoder("linear(8) reshape(2, 4) custom Widen(factor: k) [c, l] -> [c, k * l] flatten", hyper: "hyper k = 3");

        var custom = model.Encoder.Layers[2];
        Assert.Equal(Shape.Of(2, 12), custom.OutputShape);
        Assert.Equal(new[] { "c", "l" }, custom.Custom!.InputNames);
        Assert.Equal("c", custom.Custom.Output[0].ToString());
        Assert.Equal(1, Assert.IsType<InputSizeExpr>(((BinaryExpr)custom.Custom.Output[1]).Right).Index);
        Assert.Equal(Shape.Of(24), model.Encoder.OutputShape);
    }

    [Fact]
    public void A_model_lists_the_custom_layers_of_every_network_residual_bodies_included()
    {
        var text = """
            model Stacked {
              input x: [12]
              encoder { custom Enc.A [n] -> [n] linear(8) }
              latent z1 ~ Normal(4)
              latent z2 ~ Normal(2) from z1 { linear(6) custom From.B [n] -> [n] }
              prior z1 ~ Normal given z2 { custom Given.C [n] -> [n] linear(5) }
              decoder { residual { linear(4) custom Body.D [n] -> [n] } linear(12) }
              likelihood Gaussian
              loss = recon + kl
            }
            """;

        var model = Compile.Clean(text);

        Assert.Equal(new[] { "Enc.A", "Body.D", "From.B", "Given.C" }, model.CustomLayers().Select(l => l.Custom!.TypeName));
        Assert.Equal(4, model.Networks().Count());
    }

    [Fact]
    public void A_custom_layer_without_arguments_needs_no_parentheses()
    {
        var model = Encoder("custom Noise [n] -> [n]");
        Assert.Empty(model.Encoder.Layers[0].Arguments);
        Assert.Equal(Shape.Of(12), model.Encoder.OutputShape);
    }

    [Fact]
    public void The_declared_shape_is_checked_against_what_follows()
    {
        var file = Compile.File(Compile.Model(input: "input x: [12]", encoder: "encoder { linear(8) }", decoder: "decoder { linear(8) custom Up(8) -> [10] }"));
        var diagnostic = Assert.Single(file.Diagnostics);
        Assert.Equal("VAE0205", diagnostic.Id);
        Assert.Equal("decoder produces [10] but the likelihood Bernoulli needs [12]", diagnostic.Message);
    }

    [Fact]
    public void VAE0201_an_input_of_another_rank_than_the_declared_one_is_an_error_at_the_input_shape()
    {
        var diagnostic = Only("custom Pair [a, b] -> [a] linear(4)");
        Assert.Equal("VAE0201", diagnostic.Id);
        Assert.Equal("custom layer Pair needs an input of shape [a, b], got [12]", diagnostic.Message);
        Assert.Equal((4, 25), (diagnostic.Span.StartLine + 1, diagnostic.Span.StartColumn + 1));
    }

    [Fact]
    public void VAE0222_a_size_of_the_input_shape_that_is_not_a_name_is_an_error_at_it()
    {
        var diagnostic = Only("custom Gate [12] -> [12]");
        Assert.Equal("VAE0222", diagnostic.Id);
        Assert.Equal("the input shape of custom layer Gate names its sizes, as in [c, h, w]; a size is a name; write the rule in the output shape", diagnostic.Message);
        Assert.Equal((4, 26), (diagnostic.Span.StartLine + 1, diagnostic.Span.StartColumn + 1));
    }

    [Fact]
    public void VAE0222_a_size_named_like_a_hyper_parameter_is_an_error_at_it()
    {
        var diagnostic = Only("custom Gate [width] -> [width]", hyper: "hyper width = 12");
        Assert.Equal("VAE0222", diagnostic.Id);
        Assert.EndsWith("'width' is already a hyper-parameter or block parameter; choose another name", diagnostic.Message);
        Assert.Equal((4, 26), (diagnostic.Span.StartLine + 1, diagnostic.Span.StartColumn + 1));
    }

    [Fact]
    public void A_non_positive_or_non_integer_declared_size_is_an_error()
    {
        Assert.Equal("VAE0202", Only("custom Gate [n] -> [n - 12]").Id);
        Assert.Equal("VAE0107", Only("custom Gate -> [0.5]").Id);
        Assert.Equal("VAE0101", Only("custom Gate(missing) -> [12]").Id);
    }

    [Fact]
    public void A_type_name_with_a_keyword_is_refused()
    {
        var diagnostic = Only("custom My.class.Gate -> [12]");
        Assert.Equal("VAE0110", diagnostic.Id);
        Assert.Equal((4, 20), (diagnostic.Span.StartLine + 1, diagnostic.Span.StartColumn + 1));
    }

    [Fact]
    public void The_arrow_and_the_output_shape_are_required()
    {
        var diagnostic = Only("custom Gate(12) linear(4)");
        Assert.Equal("VAE0001", diagnostic.Id);
        Assert.StartsWith("expected '(', '[' or '->' and the declared output shape at 4:29", diagnostic.Message.Replace("'(', ", "'(', "));
    }

    [Fact]
    public void The_formatter_writes_a_custom_layer_with_spaces_around_the_arrow_only()
    {
        var text = Compile.Model(input: "input x: [12]", encoder: "encoder { custom  My.Gate( 12 ,p:0.5 )[n]  ->[ n ] }", decoder: "decoder { linear(12) }");
        var formatted = VaeFormatter.Format(text)!;
        Assert.Contains("custom My.Gate(12, p: 0.5) [n] -> [n]", formatted);
    }
}
