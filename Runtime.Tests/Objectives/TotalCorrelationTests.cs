using System;
using System.Linq;
using VaeDsl.Runtime.Distributions;
using VaeDsl.Runtime.Objectives;
using Xunit;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Tests.Objectives;

public sealed class TotalCorrelationTests
{
    private static double LogNormal(double x, double m, double lv) => -0.5 * (Math.Log(2 * Math.PI) + lv + (x - m) * (x - m) / Math.Exp(lv));

    private static double LogSumExp(double[] v)
    {
        var max = v.Max();
        return max + Math.Log(v.Sum(x => Math.Exp(x - max)));
    }

    [Fact]
    public void MinibatchWeightedEstimateMatchesTheFormulaEvaluatedByHand()
    {
        double[,] z = { { 0.1, -0.4 }, { 1.2, 0.3 }, { -0.7, 0.9 } };
        double[,] m = { { 0.0, -0.5 }, { 1.0, 0.5 }, { -1.0, 1.0 } };
        double[,] lv = { { -1.0, 0.0 }, { -0.5, -0.2 }, { 0.3, -1.5 } };
        const long datasetSize = 60;
        static Tensor T(double[,] a) => tensor(a.Cast<double>().Select(v => (float)v).ToArray(), new long[] { 3, 2 });

        var tc = TotalCorrelation.MinibatchWeighted(T(z), new DiagonalNormal(T(m), T(lv)), datasetSize).data<float>().ToArray();

        var logNm = Math.Log(3.0 * datasetSize);
        for (var i = 0; i < 3; i++)
        {
            var joint = LogSumExp(Enumerable.Range(0, 3).Select(k => LogNormal(z[i, 0], m[k, 0], lv[k, 0]) + LogNormal(z[i, 1], m[k, 1], lv[k, 1])).ToArray()) - logNm;
            var product = Enumerable.Range(0, 2).Sum(d => LogSumExp(Enumerable.Range(0, 3).Select(k => LogNormal(z[i, d], m[k, d], lv[k, d])).ToArray()) - logNm);
            Assert.Equal(joint - product, tc[i], 4);
        }
    }

    [Fact]
    public void CorrelatedLatentsHaveLargerTotalCorrelationThanIndependentOnes()
    {
        // Narrow posteriors whose means lie on the diagonal z₁ = z₂ (dependent) or fill the plane (independent).
        Seeding.Set(8);
        var t = randn(256, 1);
        var correlated = cat(new[] { t, t }, 1);
        var independent = randn(256, 2);
        var logVar = full(new long[] { 256, 2 }, -4f);

        var dependentTc = TotalCorrelation.MinibatchWeighted(correlated, new DiagonalNormal(correlated, logVar), 256).mean().item<float>();
        var independentTc = TotalCorrelation.MinibatchWeighted(independent, new DiagonalNormal(independent, logVar), 256).mean().item<float>();
        Assert.True(dependentTc > independentTc + 1, $"dependent {dependentTc}, independent {independentTc}");
    }
}
