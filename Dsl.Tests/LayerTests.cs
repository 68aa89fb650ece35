using System.Linq;
using VaeDsl.Dsl.Model;
using Xunit;

namespace VaeDsl.Dsl.Tests;

/// <summary>Each layer: its resolved arguments (PyTorch defaults filled in) and PyTorch's output-size arithmetic.</summary>
public class LayerTests
{
    /// <summary>Compiles an encoder on an image input, ending in flatten so the model is complete.</summary>
    private static LayerSequence Encoder(string layers, string input = "[1, 28, 28]") =>
        Compile.Clean(Compile.Model(input: $"input x: {input}", encoder: $"encoder {{ {layers} flatten }}",
            decoder: input == "[1, 28, 28]" ? "decoder { linear(784) reshape(1, 28, 28) }" : $"decoder {{ linear({Shape(input).ElementCount}) reshape({input.Trim('[', ']')}) }}")).Encoder;

    private static Shape Shape(string dims) => Model.Shape.Of(dims.Trim('[', ']').Split(',').Select(long.Parse).ToArray());

    private static string Arguments(LayerSpec layer) => string.Join(", ", layer.Arguments.Select(a => a.Name + "=" + (a.Word ?? a.Number!.ToString())));

    [Fact]
    public void Conv2d_follows_the_convolution_formula()
    {
        // floor((28 + 2·1 − 1·(4 − 1) − 1) / 2) + 1 = 14
        var conv = Encoder("conv2d(32, kernel: 4, stride: 2, padding: 1)").Layers[0];
        Assert.Equal(Model.Shape.Of(32, 14, 14), conv.OutputShape);
        Assert.Equal("channels=32, kernel=4, stride=2, padding=1, dilation=1, groups=1, bias=true", Arguments(conv));
    }

    [Fact]
    public void Conv2d_with_dilation_shrinks_more()
    {
        // floor((28 − 2·(3 − 1) − 1) / 1) + 1 = 24
        Assert.Equal(Model.Shape.Of(4, 24, 24), Encoder("conv2d(4, 3, dilation: 2)").Layers[0].OutputShape);
    }

    [Fact]
    public void Conv1d_takes_channels_and_length()
    {
        var layers = Compile.Clean(Compile.Model(input: "input x: [300]", encoder: "encoder { reshape(3, 100) conv1d(6, kernel: 5, stride: 2) flatten }",
            decoder: "decoder { linear(300) }")).Encoder.Layers;
        Assert.Equal(Model.Shape.Of(6, 48), layers[1].OutputShape); // floor((100 − 4 − 1) / 2) + 1 = 48
    }

    [Fact]
    public void Conv_transpose2d_follows_the_transposed_formula()
    {
        // (7 − 1)·2 − 2·1 + 1·(4 − 1) + 1 + 1 = 15
        var layers = Compile.Clean(Compile.Model(decoder: "decoder { linear(64 * 7 * 7) reshape(64, 7, 7) conv_transpose2d(1, kernel: 4, stride: 2, padding: 1, output_padding: 1) flatten linear(784) reshape(1, 28, 28) }")).Decoder.Layers;
        Assert.Equal(Model.Shape.Of(1, 15, 15), layers[2].OutputShape);
        Assert.Equal("channels=1, kernel=4, stride=2, padding=1, output_padding=1, dilation=1, groups=1, bias=true", Arguments(layers[2]));
    }

    [Fact]
    public void Pooling_stride_defaults_to_the_kernel()
    {
        var layers = Encoder("max_pool2d(2) avg_pool2d(kernel: 3, stride: 1, padding: 1)").Layers;
        Assert.Equal("kernel=2, stride=2, padding=0", Arguments(layers[0]));
        Assert.Equal(Model.Shape.Of(1, 14, 14), layers[0].OutputShape);
        Assert.Equal(Model.Shape.Of(1, 14, 14), layers[1].OutputShape);
    }

    /// <summary>A 1-D model: [96] reshaped to [C, L], the layer under test, then flattened.</summary>
    private static CheckedFile OneDimensional(string layers, string reshape = "reshape(3, 32)") =>
        Compile.File(Compile.Model(input: "input x: [96]", encoder: $"encoder {{ {reshape} {layers} flatten }}", decoder: "decoder { linear(96) }"));

    [Fact]
    public void Conv_transpose1d_follows_the_transposed_formula()
    {
        // (32 − 1)·2 − 2·1 + 1·(4 − 1) + 1 + 1 = 65
        var layer = Compile.Clean(Compile.Model(input: "input x: [96]", encoder: "encoder { reshape(3, 32) conv_transpose1d(2, kernel: 4, stride: 2, padding: 1, output_padding: 1) flatten }",
            decoder: "decoder { linear(96) }")).Encoder.Layers[1];
        Assert.Equal(Model.Shape.Of(2, 65), layer.OutputShape);
        Assert.Equal("channels=2, kernel=4, stride=2, padding=1, output_padding=1, dilation=1, groups=1, bias=true", Arguments(layer));
    }

    [Fact]
    public void One_dimensional_pooling_follows_the_pooling_formula_and_its_stride_defaults_to_the_kernel()
    {
        var file = OneDimensional("max_pool1d(2) avg_pool1d(kernel: 3, stride: 1, padding: 1)");
        Assert.Empty(file.Diagnostics);
        var layers = file.Models[0].Encoder.Layers;
        Assert.Equal("kernel=2, stride=2, padding=0", Arguments(layers[1]));
        Assert.Equal(Model.Shape.Of(3, 16), layers[1].OutputShape); // ⌊(32 − 2) / 2⌋ + 1
        Assert.Equal(Model.Shape.Of(3, 16), layers[2].OutputShape); // ⌊(16 + 2 − 3) / 1⌋ + 1
    }

    [Theory]
    [InlineData("conv_transpose1d(2, 3)", "conv_transpose1d needs an input of shape [C, L], got [1, 28, 28]")]
    [InlineData("max_pool1d(2)", "max_pool1d needs an input of shape [C, L], got [1, 28, 28]")]
    [InlineData("avg_pool1d(2)", "avg_pool1d needs an input of shape [C, L], got [1, 28, 28]")]
    public void One_dimensional_layers_refuse_an_image(string layer, string message)
    {
        var error = Assert.Single(Compile.File(Compile.Model(encoder: $"encoder {{ {layer} flatten }}")).Diagnostics);
        Assert.Equal(("VAE0201", message), (error.Id, error.Message));
    }

    [Fact]
    public void One_dimensional_pooling_checks_padding_and_transposed_output_padding()
    {
        var pool = Assert.Single(OneDimensional("avg_pool1d(2, padding: 2)").Diagnostics);
        Assert.Equal("argument 'padding' of avg_pool1d must be at most half the kernel, got 2", pool.Message);
        var transposed = Assert.Single(OneDimensional("conv_transpose1d(3, 3, stride: 2, output_padding: 2)").Diagnostics);
        Assert.Equal("argument 'output_padding' of conv_transpose1d must be smaller than stride or dilation, got 2", transposed.Message);
    }

    [Fact]
    public void Group_norm_needs_a_dimension_after_the_channels_as_the_Runtime_does()
    {
        // A flat [F] has no dimension to normalise over within a group; the Runtime's GroupNorm refuses it too.
        var error = Assert.Single(Compile.File(Compile.Model(encoder: "encoder { flatten linear(64) group_norm(4) }")).Diagnostics);
        Assert.Equal(("VAE0201", "group_norm needs an input of shape [C, …] with at least one dimension after the channels, got [64]"), (error.Id, error.Message));
    }

    [Fact]
    public void Upsample_multiplies_spatial_sizes()
    {
        var layers = Encoder("upsample(2) upsample(scale: 3, mode: bilinear)").Layers;
        Assert.Equal("scale=2, mode=nearest", Arguments(layers[0]));
        Assert.Equal(Model.Shape.Of(1, 168, 168), layers[1].OutputShape);
    }

    [Fact]
    public void Normalisations_and_activations_keep_the_shape_and_carry_their_defaults()
    {
        var layers = Encoder("conv2d(8, 3) batch_norm layer_norm group_norm(4) dropout relu leaky_relu gelu silu elu tanh sigmoid softplus identity").Layers;
        Assert.All(layers.Skip(1).Take(layers.Count - 2), l => Assert.Equal(Model.Shape.Of(8, 26, 26), l.OutputShape));
        Assert.Equal("momentum=0.1, eps=1E-05", Arguments(layers[1]));
        Assert.Equal("eps=1E-05", Arguments(layers[2]));
        Assert.Equal("groups=4, eps=1E-05", Arguments(layers[3]));
        Assert.Equal("p=0.5", Arguments(layers[4]));
        Assert.Equal("slope=0.01", Arguments(layers[6]));
        Assert.Equal("alpha=1", Arguments(layers[9]));
        Assert.Equal("beta=1", Arguments(layers[12]));
    }

    [Fact]
    public void Flatten_and_reshape_move_elements_between_dimensions()
    {
        var layers = Encoder("reshape(4, 14, 14)").Layers;
        Assert.Equal(Model.Shape.Of(4, 14, 14), layers[0].OutputShape);
        Assert.Equal(Model.Shape.Of(784), layers[1].OutputShape);
    }

    [Fact]
    public void Embedding_adds_a_feature_dimension_to_indices()
    {
        var layers = Compile.Clean(Compile.Model(input: "input x: [10]", encoder: "encoder { embedding(count: 50, dim: 4) flatten }", decoder: "decoder { linear(10) }")).Encoder.Layers;
        Assert.Equal(Model.Shape.Of(10, 4), layers[0].OutputShape);
        Assert.Equal("count=50, dim=4", Arguments(layers[0]));
    }

    [Fact]
    public void Linear_applies_to_the_last_dimension()
    {
        var layers = Encoder("linear(5)").Layers;
        Assert.Equal(Model.Shape.Of(1, 28, 5), layers[0].OutputShape);
    }

    [Fact]
    public void Residual_carries_its_body_as_a_nested_sequence()
    {
        var residual = Encoder("residual { conv2d(1, 3, padding: 1) relu }").Layers[0];
        Assert.Equal("residual", residual.Kind);
        Assert.Equal(Model.Shape.Of(1, 28, 28), residual.OutputShape);
        Assert.Equal(new[] { "conv2d", "relu" }, residual.Body!.Layers.Select(l => l.Kind));
        Assert.Equal(Model.Shape.Of(1, 28, 28), residual.Body.OutputShape);
    }

    [Fact]
    public void Repeat_expands_its_body_with_a_hyper_parameter_count()
    {
        var model = Compile.Clean(Compile.Model(hyper: "hyper depth = 3", encoder: "encoder { flatten repeat depth { linear(32) relu } }"));
        Assert.Equal(7, model.Encoder.Layers.Count);
        Assert.Equal(Model.Shape.Of(32), model.Encoder.OutputShape);
    }

    [Fact]
    public void Repeat_zero_times_is_empty()
    {
        var model = Compile.Clean(Compile.Model(encoder: "encoder { flatten repeat 0 { linear(32) } }"));
        Assert.Single(model.Encoder.Layers);
    }

    [Fact]
    public void Blocks_expand_with_arguments_defaults_and_nested_uses()
    {
        const string blocks = "block Dense(width, scale = 2) { linear(width * scale) relu }\nblock Twice(w) { Dense(w) Dense(w, scale: 1) }\n";
        var model = Compile.Clean(blocks + Compile.Model(hyper: "hyper h = 16", encoder: "encoder { flatten Twice(h) }"));
        var linears = model.Encoder.Layers.Where(l => l.Kind == "linear").ToList();
        Assert.Equal(new[] { 32.0, 16.0 }, linears.Select(l => l.Arguments[0].Number!.Value));
        // The expression is kept over the hyper-parameter so that overriding h in C# changes the layer.
        Assert.Equal("(h * 2)", linears[0].Arguments[0].Number!.ToString());
    }

    [Fact]
    public void A_block_inside_a_model_is_local_to_it()
    {
        var model = Compile.Clean(Compile.Model(encoder: "encoder { flatten Head }", extra: "block Head { linear(10) tanh }"));
        Assert.Equal(new[] { "flatten", "linear", "tanh" }, model.Encoder.Layers.Select(l => l.Kind));
    }
}
