using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Tests.Layers;

/// <summary>The shape a <see cref="LayerStack"/> predicts must be the shape its layers really produce.</summary>
public sealed class LayerStackShapeTests
{
    public static IEnumerable<object[]> Stacks()
    {
        static object[] Case(string name, long[] input, Func<LayerStack, LayerStack> add, long[] expected) =>
            new object[] { name, input, add, expected };

        yield return Case("linear", new long[] { 6 }, s => s.Linear(4), new long[] { 4 });
        yield return Case("linear without bias", new long[] { 6 }, s => s.Linear(4, bias: false), new long[] { 4 });
        yield return Case("conv1d", new long[] { 3, 17 }, s => s.Conv1d(5, kernel: 4, stride: 2, padding: 1, dilation: 2), new long[] { 5, 7 });
        yield return Case("conv1d groups", new long[] { 4, 10 }, s => s.Conv1d(6, kernel: 3, groups: 2), new long[] { 6, 8 });
        yield return Case("conv2d", new long[] { 1, 28, 28 }, s => s.Conv2d(32, kernel: 4, stride: 2, padding: 1), new long[] { 32, 14, 14 });
        yield return Case("conv2d odd", new long[] { 2, 9, 11 }, s => s.Conv2d(3, kernel: 3, stride: 3, dilation: 2), new long[] { 3, 2, 3 });
        yield return Case("conv_transpose2d", new long[] { 64, 7, 7 }, s => s.ConvTranspose2d(32, kernel: 4, stride: 2, padding: 1), new long[] { 32, 14, 14 });
        yield return Case("conv_transpose2d output padding", new long[] { 4, 5, 6 }, s => s.ConvTranspose2d(2, kernel: 3, stride: 2, padding: 1, outputPadding: 1), new long[] { 2, 10, 12 });
        // (9 − 1)·2 − 2·1 + 2·(3 − 1) + 1 + 1 = 20
        yield return Case("conv_transpose1d", new long[] { 4, 9 }, s => s.ConvTranspose1d(2, kernel: 3, stride: 2, padding: 1, outputPadding: 1, dilation: 2), new long[] { 2, 20 });
        yield return Case("conv_transpose1d groups", new long[] { 4, 6 }, s => s.ConvTranspose1d(6, kernel: 2, stride: 2, groups: 2), new long[] { 6, 12 });
        yield return Case("max_pool1d", new long[] { 3, 10 }, s => s.MaxPool1d(kernel: 3, stride: 2, padding: 1), new long[] { 3, 5 });
        yield return Case("avg_pool1d", new long[] { 3, 11 }, s => s.AvgPool1d(kernel: 2, stride: 2), new long[] { 3, 5 });
        yield return Case("max_pool2d", new long[] { 3, 9, 10 }, s => s.MaxPool2d(kernel: 3, stride: 2, padding: 1), new long[] { 3, 5, 5 });
        yield return Case("avg_pool2d", new long[] { 3, 9, 10 }, s => s.AvgPool2d(kernel: 2, stride: 2), new long[] { 3, 4, 5 });
        yield return Case("upsample nearest", new long[] { 2, 7, 7 }, s => s.Upsample(2), new long[] { 2, 14, 14 });
        yield return Case("upsample bilinear floor", new long[] { 2, 5, 7 }, s => s.Upsample(1.5, "bilinear"), new long[] { 2, 7, 10 });
        yield return Case("upsample linear", new long[] { 2, 5 }, s => s.Upsample(3, "linear"), new long[] { 2, 15 });
        yield return Case("batch_norm 1d", new long[] { 6 }, s => s.BatchNorm(), new long[] { 6 });
        yield return Case("batch_norm 1d sequence", new long[] { 6, 4 }, s => s.BatchNorm(), new long[] { 6, 4 });
        yield return Case("batch_norm 2d", new long[] { 3, 4, 4 }, s => s.BatchNorm(momentum: 0.2, eps: 1e-3), new long[] { 3, 4, 4 });
        yield return Case("layer_norm", new long[] { 3, 4, 5 }, s => s.LayerNorm(), new long[] { 3, 4, 5 });
        yield return Case("group_norm", new long[] { 4, 3, 3 }, s => s.GroupNorm(2), new long[] { 4, 3, 3 });
        yield return Case("dropout", new long[] { 5 }, s => s.Dropout(0.3), new long[] { 5 });
        yield return Case("flatten", new long[] { 2, 3, 4 }, s => s.Flatten(), new long[] { 24 });
        yield return Case("reshape", new long[] { 24 }, s => s.Reshape(2, 3, 4), new long[] { 2, 3, 4 });
        yield return Case("residual", new long[] { 8 }, s => s.Residual(b => b.Linear(16).ReLU().Linear(8)), new long[] { 8 });
        yield return Case("activations", new long[] { 5 }, s => s.ReLU().LeakyReLU(0.2).GELU().SiLU().ELU(0.5).Tanh().Sigmoid().Softplus(2).Identity(), new long[] { 5 });
        yield return Case("mnist decoder", new long[] { 16 }, s => s.Linear(256).ReLU().Linear(64 * 7 * 7).ReLU().Reshape(64, 7, 7)
            .ConvTranspose2d(32, kernel: 4, stride: 2, padding: 1).ReLU().ConvTranspose2d(1, kernel: 4, stride: 2, padding: 1), new long[] { 1, 28, 28 });
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public void PredictedShapeEqualsTheForwardOutputShape(string name, long[] input, Func<LayerStack, LayerStack> add, long[] expected)
    {
        var stack = add(new LayerStack(input));
        Assert.Equal(expected, stack.Shape);

        using var model = stack.Build();
        model.train();
        using var output = model.forward(randn(new[] { 3L }.Concat(input).ToArray()));
        Assert.True(output.shape.Skip(1).SequenceEqual(stack.Shape), $"{name}: forward gave [{string.Join(", ", output.shape)}]");
        Assert.Equal(3, output.shape[0]);
    }

    [Fact]
    public void EmbeddingAppendsTheVectorDimension()
    {
        var stack = new LayerStack(5).Embedding(count: 10, dim: 3).Flatten();
        Assert.Equal(new long[] { 15 }, stack.Shape);

        using var output = stack.Build().forward(randint(0, 10, new long[] { 2, 5 }));
        Assert.Equal(new long[] { 2, 15 }, output.shape);
    }

    [Fact]
    public void OneDimensionalPoolingTakesTheMaximumOrTheMeanOfEachWindow()
    {
        using var x = tensor(new float[] { 1, 3, 2, 5, -1, 0 }).reshape(1, 1, 6);
        using var max = new LayerStack(1, 6).MaxPool1d(kernel: 2, stride: 2).Build().forward(x);
        using var mean = new LayerStack(1, 6).AvgPool1d(kernel: 2, stride: 2).Build().forward(x);
        Assert.Equal(new float[] { 3, 5, 0 }, max.data<float>().ToArray());
        Assert.Equal(new float[] { 2, 3.5f, -0.5f }, mean.data<float>().ToArray());
    }

    [Fact]
    public void ATransposedOneDimensionalConvolutionSpreadsEachInputOverItsKernel()
    {
        // One channel, kernel of ones, stride 2, no bias: each input value lands on two output positions.
        using var model = new LayerStack(1, 3).ConvTranspose1d(1, kernel: 2, stride: 2, bias: false).Build();
        using (no_grad())
        {
            foreach (var p in model.parameters()) p.fill_(1);
        }
        using var output = model.forward(tensor(new float[] { 1, 2, 3 }).reshape(1, 1, 3));
        Assert.Equal(new float[] { 1, 1, 2, 2, 3, 3 }, output.data<float>().ToArray());
        Assert.Equal(2, model.parameters().Sum(p => p.numel()));
    }

    [Fact]
    public void ResidualAddsTheInputToTheBody()
    {
        // A body that outputs zeros leaves x + 0 = x.
        using var model = new LayerStack(4).Residual(b => b.Linear(4)).Build();
        using (no_grad())
        {
            foreach (var p in model.parameters())
            {
                p.zero_();
            }
        }

        var x = randn(2, 4);
        Assert.Equal(x.data<float>().ToArray(), model.forward(x).data<float>().ToArray());
    }
}
