using System;
using System.Linq;
using VaeDsl.Runtime.Data;
using VaeDsl.Runtime.Quantization;
using Xunit;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Tests.Quantization;

/// <summary>The prior over codes fitted after training: the frequencies of the codes at each position.</summary>
public sealed class FittedCategoricalPriorTests
{
    [Fact]
    public void Fitting_counts_the_codes_at_each_position()
    {
        // Three examples whose "codes" are their inputs, at 2 positions, of 3 codes.
        var codes = tensor(new long[] { 0, 2, 0, 1, 1, 1 }, new long[] { 3, 1, 2 });
        var prior = new FittedCategoricalPrior(3, new long[] { 4, 1, 2 });
        AssertRows(new[] { new[] { 1 / 3.0, 1 / 3.0, 1 / 3.0 }, new[] { 1 / 3.0, 1 / 3.0, 1 / 3.0 } }, prior.Probabilities);
        prior.Fit(new TensorDataSet(codes.to(ScalarType.Float32)), batchSize: 2, x => x.to(ScalarType.Int64));
        AssertRows(new[] { new[] { 2 / 3.0, 1 / 3.0, 0 }, new[] { 0, 2 / 3.0, 1 / 3.0 } }, prior.Probabilities);
        var logProb = prior.LogProb(tensor(new long[] { 0, 1 }, new long[] { 1, 1, 2 })).item<float>();
        Assert.Equal(Math.Log(2 / 3.0) * 2, logProb, 5);
    }

    [Fact]
    public void Samples_have_the_positions_shape_and_follow_the_fitted_frequencies()
    {
        manual_seed(3);
        var prior = new FittedCategoricalPrior(4, new long[] { 8, 2, 3 });
        prior.Fit(new TensorDataSet(full(10, 2, 3, 2f)), batchSize: 4, x => x.to(ScalarType.Int64));
        var samples = prior.Sample(5);
        Assert.Equal(new long[] { 5, 2, 3 }, samples.shape);
        Assert.All(samples.flatten().data<long>().ToArray(), c => Assert.Equal(2, c));
        var flat = new FittedCategoricalPrior(4, new long[] { 8 }).Sample(7);
        Assert.Equal(new long[] { 7 }, flat.shape);
    }

    private static void AssertRows(double[][] expected, Tensor actual)
    {
        var values = actual.to(ScalarType.Float64).data<double>().ToArray();
        var flat = expected.SelectMany(r => r).ToArray();
        Assert.Equal(flat.Length, values.Length);
        for (var i = 0; i < flat.Length; i++) Assert.Equal(flat[i], values[i], 6);
    }
}
