using Xunit;

namespace VaeDsl.Runtime.Tests.Layers;

/// <summary>Impossible shapes name the layer index, its kind and the shapes involved.</summary>
public sealed class ModelShapeExceptionTests
{
    [Fact]
    public void LinearActsOnTheLastDimensionAsTheCatalogueSays()
    {
        var stack = new LayerStack(16, 7).Linear(10);
        Assert.Equal(new long[] { 16, 10 }, stack.Shape);
        Assert.Equal(new long[] { 3, 16, 10 }, stack.Build().call(TorchSharp.torch.zeros(3, 16, 7)).shape);
    }

    [Fact]
    public void A_sequence_layer_on_an_image_names_the_shape_it_needs()
    {
        var error = Assert.Throws<ModelShapeException>(() => new LayerStack(64, 7, 7).Lstm(10));
        Assert.Equal("layer 0 (lstm): expects [length, features] but the input shape is [64, 7, 7]", error.Message);
    }

    [Fact]
    public void KernelLargerThanTheInputNamesTheLayer()
    {
        var stack = new LayerStack(1, 28, 28).Conv2d(8, kernel: 4, stride: 2, padding: 1).ReLU();
        var error = Assert.Throws<ModelShapeException>(() => stack.Conv2d(8, kernel: 20));
        Assert.Equal("layer 2 (conv2d): kernel 20 (dilation 1, padding 0) does not fit the input shape [8, 14, 14]", error.Message);
    }

    [Fact]
    public void ReshapeCountMismatchNamesBothShapes()
    {
        var stack = new LayerStack(16).Linear(64 * 7 * 7);
        var error = Assert.Throws<ModelShapeException>(() => stack.Reshape(64, 7, 8));
        Assert.Equal("layer 1 (reshape): cannot reshape [3136] (3136 values) to [64, 7, 8] (3584 values)", error.Message);
    }

    [Fact]
    public void ResidualBodyMustKeepTheShape()
    {
        var error = Assert.Throws<ModelShapeException>(() => new LayerStack(8).Residual(b => b.Linear(4)));
        Assert.Contains("layer 0 (residual): body turns [8] into [4]", error.Message);
    }

    [Fact]
    public void TransposedConvolutionWithTooMuchPaddingIsRejected()
    {
        var error = Assert.Throws<ModelShapeException>(() => new LayerStack(2, 1, 1).ConvTranspose2d(1, kernel: 1, padding: 1));
        Assert.StartsWith("layer 0 (conv_transpose2d): padding 1 leaves no output for the input shape [2, 1, 1]", error.Message);
    }

    [Fact]
    public void GroupsMustDivideTheChannels()
    {
        var error = Assert.Throws<ModelShapeException>(() => new LayerStack(6, 4, 4).GroupNorm(4));
        Assert.Equal("layer 0 (group_norm): 6 channels do not divide into 4 groups", error.Message);
    }

    [Fact]
    public void ExpectShapeNamesWhatTheStackProducesAndWhoNeedsWhat()
    {
        var stack = new LayerStack(20).Linear(784).Reshape(1, 28, 28);

        var error = Assert.Throws<ModelShapeException>(() => stack.ExpectShape(new long[] { 1, 32, 32 }, "the likelihood Bernoulli"));
        Assert.Equal("the layers produce [1, 28, 28] but the likelihood Bernoulli needs [1, 32, 32]", error.Message);
        Assert.Same(stack, stack.ExpectShape(new long[] { 1, 28, 28 }, "the likelihood Bernoulli"));
    }

    [Fact]
    public void IsAnArgumentException()
    {
        Assert.IsAssignableFrom<System.ArgumentException>(new ModelShapeException("x"));
    }
}
