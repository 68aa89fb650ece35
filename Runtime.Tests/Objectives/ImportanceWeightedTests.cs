using System;
using VaeDsl.Runtime.Distributions;
using VaeDsl.Runtime.Objectives;
using Xunit;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Tests.Objectives;

/// <summary>
/// A linear Gaussian model z ~ N(0, 1), x | z ~ N(a z, σ²) has log p(x) = log N(x; 0, a² + σ²) in closed form, and
/// for a Gaussian q the ELBO is closed form too; a deliberately imperfect q leaves a gap the bound must close with K.
/// </summary>
public sealed class ImportanceWeightedTests
{
    private const double A = 1.5, NoiseVariance = 0.5, X = 1.2;
    private const int Repeats = 20_000;

    private static double LogMarginal() => -0.5 * (Math.Log(2 * Math.PI * (A * A + NoiseVariance)) + X * X / (A * A + NoiseVariance));

    private static (double Mean, double Variance) ImperfectPosterior()
    {
        var exactMean = A * X / (A * A + NoiseVariance);
        var exactVariance = NoiseVariance / (A * A + NoiseVariance);
        return (0.6 * exactMean, 2.0 * exactVariance);
    }

    private static double AnalyticElbo()
    {
        var (m, v) = ImperfectPosterior();
        var expectedLogLikelihood = -0.5 * Math.Log(2 * Math.PI * NoiseVariance) - ((X - A * m) * (X - A * m) + A * A * v) / (2 * NoiseVariance);
        var kl = 0.5 * (v + m * m - 1 - Math.Log(v));
        return expectedLogLikelihood - kl;
    }

    private static double MeanBound(int samples)
    {
        var (m, v) = ImperfectPosterior();
        var q = new DiagonalNormal(full(new long[] { Repeats, 1 }, (float)m), full(new long[] { Repeats, 1 }, (float)Math.Log(v)));
        Tensor LogJoint(Tensor z) =>
            ((X - A * z).square() / NoiseVariance + Math.Log(2 * Math.PI * NoiseVariance)).sum(1) * -0.5 + StandardNormalPrior.LogDensity(z);
        return ImportanceWeighted.EstimateLogLikelihood(q, samples, LogJoint).mean().item<float>();
    }

    [Fact]
    public void BoundStartsAtTheElboAndRisesWithKTowardsLogPx()
    {
        Seeding.Set(12);
        var one = MeanBound(1);
        var five = MeanBound(5);
        var fifty = MeanBound(50);
        var logPx = LogMarginal();

        Assert.True(AnalyticElbo() < logPx - 0.05, "the imperfect posterior must leave a gap");
        Assert.InRange(one, AnalyticElbo() - 0.03, AnalyticElbo() + 0.03); // sampling error of 20,000 draws ≈ 0.005
        Assert.True(one < five && five < fifty, $"K=1 {one}, K=5 {five}, K=50 {fifty}");
        Assert.True(fifty <= logPx + 0.01, $"K=50 {fifty} above log p(x) {logPx}");
        Assert.True(logPx - fifty < 0.02, $"K=50 {fifty} still far from log p(x) {logPx}");
    }

    [Fact]
    public void BoundFromLogWeightsIsTheLogMeanExp()
    {
        var logWeights = tensor(new[] { 0f, -1f, 2f, 3f }, new long[] { 2, 2 });
        var bound = ImportanceWeighted.Bound(logWeights).data<float>().ToArray();
        Assert.Equal(Math.Log((1 + Math.Exp(2)) / 2), bound[0], 5);
        Assert.Equal(Math.Log((Math.Exp(-1) + Math.Exp(3)) / 2), bound[1], 5);
    }
}
