using System;
using System.Linq;
using VaeDsl.Runtime.Distributions;
using Xunit;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Tests.Distributions;

public sealed class PriorTests
{
    private static double NormalLogDensity(double x, double mean, double logVar) =>
        -0.5 * (Math.Log(2 * Math.PI) + logVar + (x - mean) * (x - mean) / Math.Exp(logVar));

    private static double LogSumExp(params double[] values)
    {
        var max = values.Max();
        return max + Math.Log(values.Sum(v => Math.Exp(v - max)));
    }

    [Fact]
    public void KlBetweenDiagonalNormalsMatchesTheClosedForm()
    {
        var q = new DiagonalNormal(tensor(new[] { 0.5f, -1f }, new long[] { 1, 2 }), tensor(new[] { -0.3f, 0.4f }, new long[] { 1, 2 }));
        var kl = q.KlTo(tensor(new[] { 1f, 0.2f }), tensor(new[] { 0.7f, -0.5f })).item<float>();

        // KL(N(m1, v1) || N(m2, v2)) = ½ (ln(v2/v1) + (v1 + (m1 − m2)²)/v2 − 1).
        static double Kl(double m1, double lv1, double m2, double lv2) =>
            0.5 * (lv2 - lv1 + (Math.Exp(lv1) + (m1 - m2) * (m1 - m2)) / Math.Exp(lv2) - 1);
        Assert.Equal(Kl(0.5, -0.3, 1, 0.7) + Kl(-1, 0.4, 0.2, -0.5), kl, 4);
    }

    [Fact]
    public void MonteCarloKlAgreesWithTheAnalyticKlWithinSamplingError()
    {
        Seeding.Set(21);
        const int n = 100_000;
        var q = new DiagonalNormal(full(new long[] { n, 3 }, 0.8f), full(new long[] { n, 3 }, -0.6f));
        var z = q.Sample();
        var estimates = q.KlMonteCarlo(z, StandardNormalPrior.LogDensity(z));

        var analytic = q.KlToStandardNormal()[0].item<float>();
        var mean = estimates.mean().item<float>();
        var standardError = estimates.std().item<float>() / Math.Sqrt(n);
        Assert.InRange(mean, analytic - 4 * standardError, analytic + 4 * standardError);
        Assert.True(standardError < 0.01, $"standard error {standardError}");
    }

    [Fact]
    public void LearnedNormalPriorHasNamedParametersAndMatchingDensityAndKl()
    {
        using var prior = new LearnedNormalPrior(2);
        Assert.Equal(new[] { "log_var", "mean" }, prior.state_dict().Keys.OrderBy(k => k, StringComparer.Ordinal));
        using (no_grad())
        {
            prior.Mean.copy_(tensor(new[] { 1f, -2f }));
            prior.LogVar.copy_(tensor(new[] { 0.5f, -1f }));
        }

        var z = tensor(new[] { 0.3f, -1.5f }, new long[] { 1, 2 });
        Assert.Equal(NormalLogDensity(0.3, 1, 0.5) + NormalLogDensity(-1.5, -2, -1), prior.LogProb(z).item<float>(), 4);

        var q = new DiagonalNormal(z, zeros(1, 2));
        Assert.Equal(q.KlTo(prior.Mean, prior.LogVar).item<float>(), prior.KlFrom(q).item<float>());
        Assert.True(prior.KlFrom(q).item<float>() > 0);
    }

    [Fact]
    public void MixturePriorLogProbIsTheLogOfTheWeightedSumOfDensities()
    {
        using var prior = new MixtureOfGaussiansPrior(components: 2, latentSize: 1);
        using (no_grad())
        {
            prior.Means.copy_(tensor(new[] { -3f, 3f }, new long[] { 2, 1 }));
            prior.LogVars.copy_(tensor(new[] { 0f, -1f }, new long[] { 2, 1 }));
            prior.Logits.copy_(tensor(new[] { (float)Math.Log(0.8), (float)Math.Log(0.2) }));
        }

        var z = tensor(new[] { -2.5f, 0f, 40f }, new long[] { 3, 1 });
        var logProb = prior.LogProb(z).data<float>().ToArray();
        foreach (var (value, i) in new[] { -2.5, 0.0, 40.0 }.Select((v, i) => (v, i)))
        {
            var expected = LogSumExp(Math.Log(0.8) + NormalLogDensity(value, -3, 0), Math.Log(0.2) + NormalLogDensity(value, 3, -1));
            Assert.Equal(expected, logProb[i], 2);
        }

        Assert.True(float.IsFinite(logProb[2]));
        Seeding.Set(2);
        var positive = (prior.Sample(20_000) > 0).to(ScalarType.Float32).mean().item<float>();
        Assert.InRange(positive, 0.2 - 0.015, 0.2 + 0.015);
    }

    [Fact]
    public void VampPriorIsTheMeanOfPosteriorsAtThePseudoInputs()
    {
        Seeding.Set(3);
        // An "encoder" whose posterior mean is the input and whose log-variance is 0.
        static DiagonalNormal Encode(Tensor u) => new(u, zeros_like(u));
        using var prior = new VampPrior(latentSize: 2, pseudoInputs: 3, Encode, 2);
        Assert.Equal(new[] { "pseudo_inputs" }, prior.state_dict().Keys.ToArray());

        var u = prior.PseudoInputs.detach().data<float>().ToArray();
        var z = tensor(new[] { 0.2f, 0.9f }, new long[] { 1, 2 });
        var expected = LogSumExp(Enumerable.Range(0, 3)
            .Select(k => NormalLogDensity(0.2, u[2 * k], 0) + NormalLogDensity(0.9, u[2 * k + 1], 0)).ToArray()) - Math.Log(3);
        Assert.Equal(expected, prior.LogProb(z).item<float>(), 4);
        Assert.Equal(new long[] { 5, 2 }, prior.Sample(5).shape);
    }

    [Fact]
    public void A_prior_gives_its_closed_form_KL_where_it_has_one_and_the_Monte_Carlo_estimate_otherwise()
    {
        Seeding.Set(4);
        var q = new DiagonalNormal(tensor(new[] { 0.5f, -1f, 0.2f, 0.1f }, new long[] { 2, 2 }), tensor(new[] { -0.3f, 0.4f, 0f, -1f }, new long[] { 2, 2 }));
        var z = q.Sample();
        NormalPrior standard = new StandardNormalPrior(2);
        NormalPrior learned = new LearnedNormalPrior(2);
        NormalPrior mixture = new MixtureOfGaussiansPrior(2, components: 3);

        Assert.Equal(q.KlToStandardNormal().data<float>().ToArray(), standard.Kl(q, z).data<float>().ToArray());
        Assert.Equal(q.KlToStandardNormalMean().item<float>(), standard.KlMean(q, z).item<float>(), 5);
        AssertClose(standard.Kl(q, z), standard.KlPerDimension(q)!.sum(1));
        // A learned normal prior starts at N(0, I), so its closed form starts at the standard normal's.
        AssertClose(standard.Kl(q, z), learned.Kl(q, z));
        Assert.Null(mixture.ClosedFormKl(q));
        Assert.Null(mixture.KlPerDimension(q));
        Assert.Equal(q.KlMonteCarlo(z, mixture.LogProb(z)).data<float>().ToArray(), mixture.Kl(q, z).data<float>().ToArray());
        Assert.Equal(new long[] { 7, 2 }, standard.Sample(7).shape);
    }

    private static void AssertClose(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.shape, actual.shape);
        Assert.True(allclose(expected, actual, rtol: 1e-5, atol: 1e-6), $"[{string.Join(", ", expected.data<float>().ToArray())}] vs [{string.Join(", ", actual.data<float>().ToArray())}]");
    }
}
