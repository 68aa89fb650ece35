using System;
using System.Collections.Generic;
using System.Linq;
using VaeDsl.Runtime.Data;
using VaeDsl.Runtime.Distributions;
using VaeDsl.Runtime.Evaluation;
using VaeDsl.Runtime.Objectives;
using Xunit;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Tests.Evaluation;

/// <summary>The data-set log p(x) is the mean of the model's per-example estimates, whatever the batching, and a
/// model without an estimate is told so; on a model with a closed-form log p(x), the estimate's Monte Carlo error is
/// what separates two seeds, and the estimate rises with K towards log p(x).</summary>
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

        Assert.Equal(-120.0 / 5, estimate.Mean, 5);
        Assert.Equal(0.0, estimate.StandardError, 10); // every group of samples gives the same estimate
        Assert.Equal(5, estimate.Examples);
    }

    [Fact]
    public void A_model_without_an_estimate_is_named_in_the_error()
    {
        var data = new TensorDataSet(zeros(4, 3));

        var error = Assert.Throws<NotSupportedException>(() => LogLikelihood.Estimate(new SumModel(supported: false), data));

        Assert.Contains("SumModel", error.Message);
    }

    /// <summary>
    /// z ~ N(0, 1), x | z ~ N(a z, σ²): log p(x) = log N(x; 0, a² + σ²). Its q(z | x) is deliberately imperfect (mean
    /// too small, variance too large), so the K-sample estimate starts well below log p(x) and rises with K.
    /// </summary>
    private sealed class LinearGaussianModel() : VaeModule("LinearGaussianModel")
    {
        public const double A = 1.5, NoiseVariance = 0.5;

        public static double LogMarginal(double x) => -0.5 * (Math.Log(2 * Math.PI * (A * A + NoiseVariance)) + x * x / (A * A + NoiseVariance));

        public override LossBreakdown ComputeLoss(Tensor x, Tensor? condition, TrainingProgress progress) => throw new NotSupportedException();

        public override Tensor Reconstruct(Tensor x, Tensor? condition = null) => x;

        public override Tensor Sample(long count, Tensor? condition = null) => zeros(count, 1);

        public override IReadOnlyList<long> InputShape => new long[] { 1 };

        public override Tensor? EstimateLogLikelihood(Tensor x, Tensor? condition, int samples)
        {
            var exactMean = x * (A / (A * A + NoiseVariance));
            var exactVariance = NoiseVariance / (A * A + NoiseVariance);
            var q = new DiagonalNormal(exactMean * 0.6, full_like(x, Math.Log(2 * exactVariance)));
            Tensor LogJoint(Tensor z) =>
                ((x - A * z).square() / NoiseVariance + Math.Log(2 * Math.PI * NoiseVariance)).sum(1) * -0.5 + StandardNormalPrior.LogDensity(z);
            return ImportanceWeighted.EstimateLogLikelihood(q, samples, LogJoint);
        }
    }

    private static TensorDataSet LinearGaussianData(out double meanLogMarginal)
    {
        Seeding.Set(3);
        var x = randn(400, 1) * Math.Sqrt(LinearGaussianModel.A * LinearGaussianModel.A + LinearGaussianModel.NoiseVariance);
        meanLogMarginal = x.data<float>().ToArray().Average(v => LinearGaussianModel.LogMarginal(v));
        return new TensorDataSet(x);
    }

    [Fact]
    public void Two_seeds_agree_within_the_estimates_Monte_Carlo_error_and_that_error_is_the_spread_of_seeds()
    {
        var data = LinearGaussianData(out _);
        var model = new LinearGaussianModel();
        var runs = Enumerable.Range(0, 12).Select(seed =>
        {
            Seeding.Set(100 + seed);
            return LogLikelihood.Estimate(model, data, samples: 8, batchSize: 150);
        }).ToArray();

        var (first, second) = (runs[0], runs[1]);
        Assert.NotEqual(first.Mean, second.Mean);
        Assert.True(first.StandardError > 0 && second.StandardError > 0);
        var combined = Math.Sqrt(first.StandardError * first.StandardError + second.StandardError * second.StandardError);
        Assert.True(Math.Abs(first.Mean - second.Mean) <= 3 * combined,
            $"seed 100 gives {first.Mean:F4} ± {first.StandardError:F4}, seed 101 {second.Mean:F4} ± {second.StandardError:F4}");

        // The error claimed by one run is the spread actually seen across runs (to within what 12 runs can tell).
        var means = runs.Select(r => r.Mean).ToArray();
        var spread = Math.Sqrt(means.Sum(m => (m - means.Average()) * (m - means.Average())) / (means.Length - 1));
        var claimed = runs.Average(r => r.StandardError);
        Assert.InRange(spread / claimed, 0.5, 2.0);
    }

    [Fact]
    public void The_estimate_rises_with_the_number_of_samples_towards_the_closed_form_log_px()
    {
        var data = LinearGaussianData(out var logPx);
        var model = new LinearGaussianModel();
        LogLikelihoodEstimate Run(int samples)
        {
            Seeding.Set(7);
            return LogLikelihood.Estimate(model, data, samples, batchSize: 400);
        }

        var (one, four, forty, four_hundred) = (Run(1), Run(4), Run(40), Run(400));

        Assert.True(double.IsNaN(one.StandardError), "one sample gives no spread to measure the error by");
        Assert.True(one.Mean < four.Mean && four.Mean < forty.Mean, $"K=1 {one.Mean}, K=4 {four.Mean}, K=40 {forty.Mean}");
        Assert.True(four_hundred.Mean >= forty.Mean - 3 * forty.StandardError, $"K=40 {forty.Mean}, K=400 {four_hundred.Mean}");
        Assert.True(four_hundred.Mean <= logPx + 3 * four_hundred.StandardError, $"K=400 {four_hundred.Mean} above log p(x) {logPx}");
        Assert.True(logPx - four_hundred.Mean < logPx - one.Mean, "more samples must close the gap");
    }

    [Fact]
    public void The_streamed_estimate_is_the_log_mean_exp_of_the_same_draws()
    {
        var q = new DiagonalNormal(tensor(new[] { 0.3f, -0.2f }, new long[] { 2, 1 }), tensor(new[] { -0.5f, 0.1f }, new long[] { 2, 1 }));
        Tensor LogJoint(Tensor z) => StandardNormalPrior.LogDensity(z) - z.square().sum(1);

        Seeding.Set(5);
        var stacked = ImportanceWeighted.Bound(ImportanceWeighted.LogWeights(q, 30, LogJoint)).data<float>().ToArray();
        Seeding.Set(5);
        var streamed = ImportanceWeighted.EstimateLogLikelihood(q, 30, LogJoint).data<float>().ToArray();

        Assert.Equal(stacked[0], streamed[0], 4);
        Assert.Equal(stacked[1], streamed[1], 4);
    }
}
