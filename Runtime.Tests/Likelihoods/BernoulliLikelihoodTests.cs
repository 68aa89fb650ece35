using System;
using VaeDsl.Runtime.Likelihoods;
using Xunit;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Tests.Likelihoods;

public sealed class BernoulliLikelihoodTests
{
    [Fact]
    public void LogProbMatchesTheExplicitFormulaPerExample()
    {
        float[] logits = { -2f, 0f, 1.5f, 0.3f, 3f, -0.4f };
        float[] x = { 0f, 1f, 0.25f, 1f, 0f, 0.5f };
        var logProb = BernoulliLikelihood.LogProb(tensor(logits, new long[] { 2, 1, 3 }), tensor(x, new long[] { 2, 1, 3 }))
            .data<float>().ToArray();

        Assert.Equal(2, logProb.Length);
        for (var b = 0; b < 2; b++)
        {
            var expected = 0.0;
            for (var i = 0; i < 3; i++)
            {
                var p = 1 / (1 + Math.Exp(-logits[b * 3 + i]));
                expected += x[b * 3 + i] * Math.Log(p) + (1 - x[b * 3 + i]) * Math.Log(1 - p);
            }

            Assert.Equal(expected, logProb[b], 4);
        }
    }

    [Fact]
    public void NegativeLogLikelihoodIsMinusTheExplicitFormulaAveragedOverTheBatch()
    {
        float[] logits = { -2f, 0f, 1.5f, 0.3f, 3f, -0.4f };
        float[] x = { 0f, 1f, 0.25f, 1f, 0f, 0.5f };
        var expected = 0.0;
        for (var i = 0; i < logits.Length; i++)
        {
            var p = 1 / (1 + Math.Exp(-logits[i]));
            expected -= x[i] * Math.Log(p) + (1 - x[i]) * Math.Log(1 - p);
        }

        var nll = BernoulliLikelihood.NegativeLogLikelihood(tensor(logits, new long[] { 2, 1, 3 }), tensor(x, new long[] { 2, 1, 3 }));

        Assert.Equal(expected / 2, nll.item<float>(), 4);
    }

    [Fact]
    public void LargeLogitsGiveFiniteLogProbabilities()
    {
        // log σ(−100) = −100 − log(1 + e^−100) ≈ −100; the naive log(sigmoid) would be log(0) = −inf in float.
        var logits = tensor(new[] { 100f, -100f, 100f, -100f }, new long[] { 4, 1 });
        var x = tensor(new[] { 0f, 1f, 1f, 0f }, new long[] { 4, 1 });
        var logProb = BernoulliLikelihood.LogProb(logits, x).data<float>().ToArray();

        Assert.Equal(-100f, logProb[0], 3);
        Assert.Equal(-100f, logProb[1], 3);
        Assert.Equal(0f, logProb[2], 5);
        Assert.Equal(0f, logProb[3], 5);
    }

    [Fact]
    public void MeanIsTheSigmoidOfTheLogits()
    {
        var mean = BernoulliLikelihood.Mean(tensor(new[] { 0f, 2f })).data<float>().ToArray();
        Assert.Equal(0.5f, mean[0], 6);
        Assert.Equal(1 / (1 + Math.Exp(-2)), mean[1], 6);
    }
}
