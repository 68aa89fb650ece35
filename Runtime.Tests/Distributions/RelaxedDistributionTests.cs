using System;
using System.Linq;
using VaeDsl.Runtime.Distributions;
using Xunit;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Tests.Distributions;

public sealed class RelaxedDistributionTests
{
    [Fact]
    public void CategoricalKlToUniformMatchesTheClosedForm()
    {
        var logits = tensor(new[] { 1f, 0f, -1f, 0f, 0f, 0f }, new long[] { 2, 3 });
        var kl = new RelaxedCategorical(logits).KlToUniform().data<float>().ToArray();

        var z = Math.Exp(1) + 1 + Math.Exp(-1);
        var p = new[] { Math.Exp(1) / z, 1 / z, Math.Exp(-1) / z };
        Assert.Equal(p.Sum(pi => pi * Math.Log(pi * 3)), kl[0], 5);
        Assert.Equal(0f, kl[1], 6);
    }

    [Fact]
    public void TheKlToUniformOfEachVariableIsItsClosedFormAndTheirSumTheWholeKl()
    {
        // One example with two categorical variables of 3 classes: (1, 0, −1) and uniform.
        var logits = tensor(new[] { 1f, 0f, -1f, 0f, 0f, 0f }, new long[] { 1, 2, 3 });
        var categorical = new RelaxedCategorical(logits);
        var perVariable = categorical.KlToUniformPerVariable();
        var z = Math.Exp(1) + 1 + Math.Exp(-1);
        var p = new[] { Math.Exp(1) / z, 1 / z, Math.Exp(-1) / z };
        Assert.Equal(new long[] { 1, 2 }, perVariable.shape);
        Assert.Equal(p.Sum(pi => pi * Math.Log(pi * 3)), perVariable[0, 0].item<float>(), 5);
        Assert.Equal(0f, perVariable[0, 1].item<float>(), 6);
        Assert.Equal(categorical.KlToUniform().item<float>(), perVariable.sum().item<float>(), 6);

        // Two bits with q = 0.9 and q = 0.5.
        var bits = new RelaxedBernoulli(tensor(new[] { (float)Math.Log(9), 0f }, new long[] { 1, 2 })).KlToUniformPerVariable();
        Assert.Equal(0.9 * Math.Log(0.9) + 0.1 * Math.Log(0.1) + Math.Log(2), bits[0, 0].item<float>(), 5);
        Assert.Equal(0f, bits[0, 1].item<float>(), 6);
    }

    [Fact]
    public void GumbelSoftmaxArgMaxFollowsTheClassProbabilities()
    {
        // The arg-max of logits + Gumbel noise is an exact categorical sample, whatever the temperature.
        Seeding.Set(4);
        var probabilities = new[] { 0.6, 0.3, 0.1 };
        var logits = tensor(probabilities.Select(p => (float)Math.Log(p)).ToArray()).expand(30_000, 3).contiguous();
        var samples = new RelaxedCategorical(logits).Sample(temperature: 0.5);

        Assert.All(samples.sum(1).data<float>().ToArray(), s => Assert.Equal(1f, s, 5));
        var frequencies = samples.argmax(1).bincount(null, 3).to(ScalarType.Float64).div(30_000).data<double>().ToArray();
        for (var k = 0; k < 3; k++)
        {
            Assert.InRange(frequencies[k], probabilities[k] - 0.015, probabilities[k] + 0.015);
        }
    }

    [Fact]
    public void HardCategoricalSamplesAreOneHotWithRelaxedGradients()
    {
        Seeding.Set(5);
        var logits = randn(4, 5).requires_grad_();
        var sample = new RelaxedCategorical(logits).Sample(temperature: 1.0, hard: true);

        Assert.All(sample.data<float>().ToArray(), v => Assert.True(v == 0f || v == 1f));
        Assert.All(sample.sum(1).data<float>().ToArray(), s => Assert.Equal(1f, s));
        (sample * arange(5, dtype: ScalarType.Float32)).sum().backward();
        Assert.True(logits.grad!.abs().sum().item<float>() > 0);
    }

    [Fact]
    public void BinaryConcreteThresholdFollowsTheProbability()
    {
        // σ((l + L)/τ) > 0.5 exactly when l + L > 0, which has probability σ(l).
        Seeding.Set(6);
        var logits = full(new long[] { 40_000, 1 }, (float)Math.Log(0.7 / 0.3));
        var hard = new RelaxedBernoulli(logits).Sample(temperature: 0.3, hard: true);
        Assert.All(hard.data<float>().ToArray(), v => Assert.True(v == 0f || v == 1f));
        Assert.InRange(hard.mean().item<float>(), 0.7 - 0.012, 0.7 + 0.012);
    }

    [Fact]
    public void BernoulliKlToHalfMatchesTheClosedFormEvenForLargeLogits()
    {
        var logits = tensor(new[] { 0.8f, 0f, 60f }, new long[] { 3, 1 });
        var kl = new RelaxedBernoulli(logits).KlToUniform().data<float>().ToArray();

        var q = 1 / (1 + Math.Exp(-0.8));
        Assert.Equal(q * Math.Log(2 * q) + (1 - q) * Math.Log(2 * (1 - q)), kl[0], 5);
        Assert.Equal(0f, kl[1], 6);
        Assert.Equal(Math.Log(2), kl[2], 4);
    }
}
