using System;
using System.Linq;
using VaeDsl.Runtime.Data;
using Xunit;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Tests.DataSets;

public sealed class TensorDataSetTests
{
    private static TensorDataSet Digits() =>
        new(arange(5 * 4, dtype: ScalarType.Float32).reshape(5, 4), arange(5, dtype: ScalarType.Int64));

    [Fact]
    public void TakeKeepsTheFirstExamplesAndTheirLabels()
    {
        var first = Digits().Take(2);
        Assert.Equal(2, first.Count);
        Assert.Equal(new long[] { 0, 1 }, first.Labels!.data<long>().ToArray());
        Assert.Equal(5, Digits().Take(99).Count);
    }

    [Fact]
    public void ReshapeChangesTheExampleShapeOnly()
    {
        var images = Digits().Reshape(1, 2, 2);
        Assert.Equal(new long[] { 5, 1, 2, 2 }, images.Inputs.shape);
        var error = Assert.Throws<ArgumentException>(() => Digits().Reshape(3, 3));
        Assert.Contains("[4] (4 values) to [3, 3] (9 values)", error.Message);
    }

    [Fact]
    public void ShuffledBatchesCoverEveryExampleOnceAndFollowTheSeed()
    {
        var data = Digits();
        Seeding.Set(5);
        var order = data.ShuffledOrder();
        var seen = data.Batch(order, 0, 3).Labels!.data<long>().ToArray()
            .Concat(data.Batch(order, 3, 2).Labels!.data<long>().ToArray()).ToArray();
        Assert.Equal(new long[] { 0, 1, 2, 3, 4 }, seen.OrderBy(v => v));
        var (inputs, labels) = data.Batch(order, 0, 3);
        Assert.Equal(labels!.data<long>().ToArray().Select(l => l * 4f), inputs[.., 0].data<float>().ToArray());

        Seeding.Set(5);
        Assert.Equal(order.data<long>().ToArray(), data.ShuffledOrder().data<long>().ToArray());
    }

    [Fact]
    public void MismatchedLabelsAreRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new TensorDataSet(zeros(4, 2), zeros(3)));
        Assert.Contains("labels hold 3 examples but inputs hold 4", error.Message);
    }
}
