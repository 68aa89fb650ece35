using System;
using System.Collections.Generic;
using VaeDsl.Runtime.Data;
using VaeDsl.Runtime.Evaluation;
using Xunit;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Tests.Evaluation;

/// <summary>The data-set log p(x) is the mean of the model's per-example estimates, whatever the batching, and a
/// model without an estimate is told so.</summary>
public sealed class LogLikelihoodTests
{
    /// <summary>A model whose "estimate" is −Σx per example, so the data-set mean has a closed form.</summary>
    private sealed class SumModel(bool supported) : VaeModule("SumModel")
    {
        public override LossBreakdown ComputeLoss(Tensor x, Tensor? condition, TrainingProgress progress) => throw new NotSupportedException();

        public override Tensor Reconstruct(Tensor x, Tensor? condition = null) => x;

        public override Tensor Sample(long count, Tensor? condition = null) => zeros(count, 3);

        public override IReadOnlyList<long> InputShape => new long[] { 3 };

        public override Tensor? EstimateLogLikelihood(Tensor x, Tensor? condition, int samples) => supported ? -x.sum(1) : null;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(100)]
    public void The_estimate_is_the_mean_over_the_data_set_for_any_batch_size(int batchSize)
    {
        var values = new float[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 };
        var data = new TensorDataSet(tensor(values, new long[] { 5, 3 }));

        var estimate = LogLikelihood.Estimate(new SumModel(supported: true), data, samples: 10, batchSize: batchSize);

        Assert.Equal(-120.0 / 5, estimate, 5);
    }

    [Fact]
    public void A_model_without_an_estimate_is_named_in_the_error()
    {
        var data = new TensorDataSet(zeros(4, 3));

        var error = Assert.Throws<NotSupportedException>(() => LogLikelihood.Estimate(new SumModel(supported: false), data));

        Assert.Contains("SumModel", error.Message);
    }
}
