using System;
using System.Linq;
using TorchSharp;
using VaeDsl.Runtime.Distributions;
using VaeDsl.Runtime.Objectives;
using Xunit;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Tests.Objectives;

/// <summary>
/// Two stochastic layers in one dimension, linear and Gaussian: z2 ~ N(0, 1), z1 | z2 ~ N(a z2 + b, s1²),
/// x | z1 ~ N(c z1 + d, sx²). The marginal is Gaussian, x ~ N(c b + d, c² (a² + s1²) + sx²), and so are the exact
/// posteriors p(z1|x) and p(z2|z1): with them as proposals every importance weight of a path equals log p(x), and with
/// a wider proposal the estimate converges to it. The conditional prior p(z1|z2) is the Runtime's ConditionalNormalPrior
/// with its heads set by hand; every reference number is computed here in doubles.
/// </summary>
public sealed class HierarchyTests
{
    private const double A = 1.5, B = -0.5, S1 = 0.8, C = 2.0, D = 0.3, Sx = 0.6;
    private static readonly double[] Xs = { -2.0, 0.0, 0.7, 3.1 };

    private static double LogNormal(double value, double mean, double variance) =>
        -0.5 * (Math.Log(2 * Math.PI * variance) + (value - mean) * (value - mean) / variance);

    private static double LogMarginal(double x) => LogNormal(x, C * B + D, C * C * (A * A + S1 * S1) + Sx * Sx);

    /// <summary>p(z1|z2) = N(a z2 + b, s1²): an empty network and heads of one weight each.</summary>
    private static ConditionalNormalPrior LinearPrior()
    {
        var prior = new ConditionalNormalPrior(nn.Sequential(), 1, 1);
        using (no_grad())
        {
            var parameters = prior.named_parameters().ToDictionary(p => p.name, p => p.parameter);
            parameters["mean.weight"].fill_(A);
            parameters["mean.bias"].fill_(B);
            parameters["log_var.weight"].fill_(0);
            parameters["log_var.bias"].fill_(Math.Log(S1 * S1));
        }
        return prior;
    }

    private static Tensor Column(double[] values) => tensor(Array.ConvertAll(values, v => (float)v)).reshape(-1, 1);

    /// <summary>One path's log weight log p(x|z1) + log p(z1|z2) + log p(z2) − log q(z1|x) − log q(z2|z1), [B], with the
    /// posteriors widened by <paramref name="widen"/> (1: exact).</summary>
    private static Func<Tensor> LogWeight(Tensor x, ConditionalNormalPrior prior, double widen)
    {
        var z1Variance = 1 / (1 / (A * A + S1 * S1) + C * C / (Sx * Sx));
        var z1Mean = (x * (C / (Sx * Sx)) - C * D / (Sx * Sx) + B / (A * A + S1 * S1)) * z1Variance;
        var q1 = new DiagonalNormal(z1Mean, full_like(x, (float)Math.Log(widen * z1Variance)));
        var z2Variance = 1 / (1 + A * A / (S1 * S1));
        return () =>
        {
            var z1 = q1.Sample();
            var q2 = new DiagonalNormal((z1 - B) * (A / (S1 * S1) * z2Variance), full_like(z1, (float)Math.Log(widen * z2Variance)));
            var z2 = q2.Sample();
            var likelihood = new DiagonalNormal(z1 * C + D, full_like(z1, (float)Math.Log(Sx * Sx)));
            return likelihood.LogProb(x) + prior.forward(z2).LogProb(z1) + StandardNormalPrior.LogDensity(z2) - q1.LogProb(z1) - q2.LogProb(z2);
        };
    }

    [Fact]
    public void With_the_exact_posteriors_every_path_weighs_log_px_and_so_does_the_estimate()
    {
        Seeding.Set(5);
        var x = Column(Xs);
        var estimate = ImportanceWeighted.EstimateLogLikelihood(3, LogWeight(x, LinearPrior(), widen: 1)).data<float>().ToArray();
        for (var i = 0; i < Xs.Length; i++) Assert.Equal(LogMarginal(Xs[i]), estimate[i], 4);
    }

    [Fact]
    public void With_wider_posteriors_the_estimate_rises_with_k_towards_log_px()
    {
        Seeding.Set(6);
        var x = Column(Xs).repeat(2000, 1);
        var prior = LinearPrior();
        double Mean(int k) => ImportanceWeighted.EstimateLogLikelihood(k, LogWeight(x, prior, widen: 3)).reshape(2000, Xs.Length).mean(new long[] { 0 }).data<float>()[1];
        var one = Mean(1);
        var hundred = Mean(100);
        var exact = LogMarginal(Xs[1]);
        Assert.True(one < hundred && hundred < exact + 0.01, $"k = 1: {one}, k = 100: {hundred}, log p(x) = {exact}");
        Assert.Equal(exact, hundred, 1);
    }

    [Fact]
    public void The_bound_over_paths_is_the_log_mean_exp_of_the_weights()
    {
        Seeding.Set(7);
        var x = Column(Xs);
        var weights = ImportanceWeighted.LogWeights(4, LogWeight(x, LinearPrior(), widen: 2));
        var bound = ImportanceWeighted.Bound(weights).data<float>().ToArray();
        var w = weights.data<float>().ToArray();
        for (var i = 0; i < Xs.Length; i++)
        {
            double sum = 0;
            for (var k = 0; k < 4; k++) sum += Math.Exp(w[k * Xs.Length + i]);
            Assert.Equal(Math.Log(sum / 4), bound[i], 4);
        }
    }

    [Fact]
    public void A_conditional_prior_with_zero_heads_is_the_standard_normal_and_the_kl_to_it_is_the_closed_form()
    {
        var prior = new ConditionalNormalPrior(nn.Sequential(nn.Linear(3, 5), nn.Tanh()), 5, 2);
        using (no_grad())
        {
            foreach (var (name, parameter) in prior.named_parameters())
            {
                if (name.StartsWith("mean.", StringComparison.Ordinal) || name.StartsWith("log_var.", StringComparison.Ordinal)) parameter.zero_();
            }
        }
        var above = randn(4, 3);
        var p = prior.forward(above);
        Assert.Equal(0f, p.Mean.abs().max().item<float>());
        Assert.Equal(0f, p.LogVar.abs().max().item<float>());

        var q = new DiagonalNormal(tensor(new[] { 0.5f, -1.0f, 0f, 2f, 1f, 1f, -0.3f, 0.2f }).reshape(4, 2), tensor(new[] { 0f, -1f, 0.5f, 0f, -2f, 1f, 0f, 0f }).reshape(4, 2));
        var kl = q.KlTo(p).data<float>().ToArray();
        var means = q.Mean.data<float>().ToArray();
        var logVars = q.LogVar.data<float>().ToArray();
        for (var i = 0; i < 4; i++)
        {
            double expected = 0;
            for (var j = 0; j < 2; j++)
            {
                double m = means[2 * i + j], lv = logVars[2 * i + j];
                expected += 0.5 * (Math.Exp(lv) + m * m - lv - 1);
            }
            Assert.Equal(expected, kl[i], 5);
        }
    }

    [Fact]
    public void The_kl_between_two_diagonal_normals_is_the_closed_form()
    {
        var q = new DiagonalNormal(tensor(new[] { 1f, -2f }).reshape(1, 2), tensor(new[] { (float)Math.Log(0.5), 0f }).reshape(1, 2));
        var p = new DiagonalNormal(tensor(new[] { 0f, 1f }).reshape(1, 2), tensor(new[] { (float)Math.Log(2.0), (float)Math.Log(4.0) }).reshape(1, 2));
        // ½ [log(σp²/σq²) + (σq² + (μq − μp)²)/σp² − 1] per dimension.
        var expected = 0.5 * (Math.Log(2 / 0.5) + (0.5 + 1) / 2 - 1) + 0.5 * (Math.Log(4.0) + (1 + 9) / 4.0 - 1);
        Assert.Equal(expected, q.KlTo(p).item<float>(), 5);
    }

    [Fact]
    public void The_precision_weighted_merge_is_the_normalised_product_of_the_two_densities()
    {
        // N(1, 1) and N(3, 4): precision 1 + 1/4 = 1.25, variance 0.8, mean (1·1 + 3·0.25) / 1.25 = 1.4.
        var first = new DiagonalNormal(tensor(new[] { 1f }).reshape(1, 1), tensor(new[] { 0f }).reshape(1, 1));
        var second = new DiagonalNormal(tensor(new[] { 3f }).reshape(1, 1), tensor(new[] { (float)Math.Log(4.0) }).reshape(1, 1));
        var merged = DiagonalNormal.PrecisionWeighted(first, second);
        Assert.Equal(1.4, merged.Mean.item<float>(), 5);
        Assert.Equal(0.8, Math.Exp(merged.LogVar.item<float>()), 5);

        // The product's log-density differs from the merge's by the same constant at every point.
        var points = tensor(new[] { -1f, 0.5f, 2f, 4f }).reshape(4, 1);
        var sum = first.LogProb(points) + second.LogProb(points);
        var own = new DiagonalNormal(merged.Mean.expand(4, 1), merged.LogVar.expand(4, 1)).LogProb(points);
        var gap = (sum - own).data<float>().ToArray();
        Assert.All(gap, g => Assert.Equal(gap[0], g, 4));
    }
}
