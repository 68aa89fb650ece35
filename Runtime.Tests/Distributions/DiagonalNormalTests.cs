using System;
using System.Linq;
using TorchSharp;
using VaeDsl.Runtime.Distributions;
using Xunit;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Tests.Distributions;

public sealed class DiagonalNormalTests
{
    private static readonly double[,] Means = { { 0.0, 1.5, -2.0 }, { 0.3, -0.7, 4.0 } };
    private static readonly double[,] LogVars = { { 0.0, -1.2, 2.0 }, { -6.0, 0.5, 1.0 } };

    private static DiagonalNormal Distribution() => new(FromArray(Means), FromArray(LogVars));

    private static Tensor FromArray(double[,] values) =>
        tensor(values.Cast<double>().Select(v => (float)v).ToArray(), new long[] { values.GetLength(0), values.GetLength(1) });

    [Fact]
    public void KlToStandardNormalMatchesTheClosedFormPerExample()
    {
        var kl = Distribution().KlToStandardNormal().data<float>().ToArray();

        Assert.Equal(2, kl.Length);
        for (var b = 0; b < 2; b++)
        {
            // KL(N(m, s²) || N(0, 1)) = ½ (s² + m² − 1 − ln s²), summed over dimensions.
            var expected = 0.0;
            for (var d = 0; d < 3; d++)
            {
                expected += 0.5 * (Math.Exp(LogVars[b, d]) + Means[b, d] * Means[b, d] - 1 - LogVars[b, d]);
            }

            Assert.Equal(expected, kl[b], 4);
        }
    }

    [Fact]
    public void KlToStandardNormalMeanIsTheClosedFormAveragedOverTheBatch()
    {
        var expected = 0.0;
        for (var b = 0; b < 2; b++)
        {
            for (var d = 0; d < 3; d++)
            {
                expected += 0.5 * (Math.Exp(LogVars[b, d]) + Means[b, d] * Means[b, d] - 1 - LogVars[b, d]);
            }
        }

        Assert.Equal(expected / 2, Distribution().KlToStandardNormalMean().item<float>(), 3);
    }

    [Fact]
    public void KlIsZeroForTheStandardNormalItself()
    {
        var q = new DiagonalNormal(zeros(4, 5), zeros(4, 5));
        Assert.All(q.KlToStandardNormal().data<float>().ToArray(), v => Assert.Equal(0f, v));
    }

    private static readonly double[,] Codes = { { 0.5, 1.0, -1.0 }, { 0.3, 2.0, 3.0 } };

    /// <summary>The closed-form log-density of row <paramref name="b"/> of <see cref="Codes"/> under <see cref="Means"/> and <see cref="LogVars"/>.</summary>
    private static double NormalLogDensity(int b)
    {
        var density = 0.0;
        for (var d = 0; d < Codes.GetLength(1); d++)
        {
            var variance = Math.Exp(LogVars[b, d]);
            var diff = Codes[b, d] - Means[b, d];
            density += -0.5 * Math.Log(2 * Math.PI * variance) - diff * diff / (2 * variance);
        }

        return density;
    }

    [Fact]
    public void LogProbMatchesTheNormalDensity()
    {
        var logProb = Distribution().LogProb(FromArray(Codes)).data<float>().ToArray();

        for (var b = 0; b < 2; b++)
        {
            Assert.Equal(NormalLogDensity(b), logProb[b], 3);
        }
    }

    [Fact]
    public void TheConcatenationIsTheJointOfIndependentParts()
    {
        // Split the 3-dimensional distribution into parts of 1 and 2 dimensions and join them again: the joint's
        // log-density must be the closed-form density over all three dimensions, i.e. the sum of the parts'.
        var first = new DiagonalNormal(FromArray(Means).narrow(1, 0, 1), FromArray(LogVars).narrow(1, 0, 1));
        var second = new DiagonalNormal(FromArray(Means).narrow(1, 1, 2), FromArray(LogVars).narrow(1, 1, 2));
        var joint = DiagonalNormal.Concat(first, second);
        var z = FromArray(Codes);

        Assert.Equal(new long[] { 2, 3 }, joint.Mean.shape);
        var logProb = joint.LogProb(z).data<float>().ToArray();
        var parts = (first.LogProb(z.narrow(1, 0, 1)) + second.LogProb(z.narrow(1, 1, 2))).data<float>().ToArray();
        for (var b = 0; b < 2; b++)
        {
            Assert.Equal(NormalLogDensity(b), logProb[b], 3);
            Assert.Equal(parts[b], logProb[b], 4);
        }
    }

    [Fact]
    public void ConcatenationNeedsPartsOfOneBatchSize()
    {
        var two = new DiagonalNormal(zeros(2, 3), zeros(2, 3));
        var four = new DiagonalNormal(zeros(4, 3), zeros(4, 3));

        Assert.Same(two, DiagonalNormal.Concat(two));
        Assert.Throws<ArgumentException>(() => DiagonalNormal.Concat());
        var error = Assert.Throws<ArgumentException>(() => DiagonalNormal.Concat(two, four));
        Assert.Contains("part 1 has shape [4, 3]", error.Message);
    }

    [Fact]
    public void SamplesHaveTheRequestedMeanAndVarianceAndCarryGradients()
    {
        Seeding.Set(7);
        var mean = full(new long[] { 20000, 2 }, 3.0f).requires_grad_();
        var logVar = full(new long[] { 20000, 2 }, (float)Math.Log(0.25)).requires_grad_();
        var sample = new DiagonalNormal(mean, logVar).Sample();

        var sampleMean = sample.mean().item<float>();
        var sampleVariance = sample.var().item<float>();
        // Standard error of the mean is 0.5 / sqrt(40000) = 0.0025; of the variance about 0.25·sqrt(2/40000) = 0.0018.
        Assert.InRange(sampleMean, 3 - 0.0125, 3 + 0.0125);
        Assert.InRange(sampleVariance, 0.25 - 0.01, 0.25 + 0.01);

        sample.sum().backward();
        Assert.NotNull(mean.grad);
        Assert.All(mean.grad!.data<float>().ToArray(), g => Assert.Equal(1f, g));
    }

    [Fact]
    public void SamplingIsReproducibleWithTheSameSeed()
    {
        var q = Distribution();
        Seeding.Set(11);
        var first = q.Sample().data<float>().ToArray();
        Seeding.Set(11);
        var second = q.Sample().data<float>().ToArray();
        Assert.Equal(first, second);
    }

    [Fact]
    public void HeadMapsFeaturesToMeanAndLogVarianceOfTheLatentSize()
    {
        var head = new DiagonalNormalHead(inFeatures: 6, latentSize: 3);
        var q = head.forward(randn(5, 6));

        Assert.Equal(new long[] { 5, 3 }, q.Mean.shape);
        Assert.Equal(new long[] { 5, 3 }, q.LogVar.shape);
        var keys = head.state_dict().Keys.OrderBy(k => k, StringComparer.Ordinal).ToArray();
        Assert.Equal(new[] { "log_var.bias", "log_var.weight", "mean.bias", "mean.weight" }, keys);
    }

    [Fact]
    public void StandardNormalPriorLogProbMatchesTheDensity()
    {
        var z = tensor(new[] { 0f, 1f, -2f, 0.5f }, new long[] { 2, 2 });
        var logProb = StandardNormalPrior.LogDensity(z).data<float>().ToArray();
        var c = -Math.Log(2 * Math.PI);
        Assert.Equal(c - 0.5 * (0 + 1), logProb[0], 4);
        Assert.Equal(c - 0.5 * (4 + 0.25), logProb[1], 4);
    }

    [Fact]
    public void StandardNormalPriorSamplesHaveTheRequestedShape()
    {
        Assert.Equal(new long[] { 7, 3 }, StandardNormalPrior.Sample(7, 3).shape);
        Assert.Throws<ArgumentOutOfRangeException>(() => StandardNormalPrior.Sample(0, 3));
    }
}
