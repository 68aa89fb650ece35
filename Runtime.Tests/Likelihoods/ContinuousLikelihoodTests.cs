using System;
using System.Linq;
using VaeDsl.Runtime.Likelihoods;
using Xunit;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Tests.Likelihoods;

public sealed class ContinuousLikelihoodTests
{
    private static readonly float[] Means = { 0.1f, -0.5f, 2.0f, 0.0f };
    private static readonly float[] Data = { 0.3f, -1.0f, 1.5f, 0.7f };

    private static Tensor T(float[] values) => tensor(values, new long[] { 2, 2 });

    private static double NormalLogDensity(double x, double mean, double variance) =>
        -0.5 * Math.Log(2 * Math.PI * variance) - (x - mean) * (x - mean) / (2 * variance);

    [Fact]
    public void GaussianWithFixedVarianceMatchesTheDensity()
    {
        var logProb = GaussianLikelihood.LogProb(T(Means), T(Data), variance: 0.3).data<float>().ToArray();
        for (var b = 0; b < 2; b++)
        {
            var expected = NormalLogDensity(Data[2 * b], Means[2 * b], 0.3) + NormalLogDensity(Data[2 * b + 1], Means[2 * b + 1], 0.3);
            Assert.Equal(expected, logProb[b], 4);
        }
    }

    [Fact]
    public void GaussianWithPerElementLogVarianceMatchesTheDensity()
    {
        var logVar = tensor(new[] { -1.0f, 0.5f });
        var logProb = GaussianLikelihood.LogProb(T(Means), logVar, T(Data)).data<float>().ToArray();
        for (var b = 0; b < 2; b++)
        {
            var expected = NormalLogDensity(Data[2 * b], Means[2 * b], Math.Exp(-1.0))
                + NormalLogDensity(Data[2 * b + 1], Means[2 * b + 1], Math.Exp(0.5));
            Assert.Equal(expected, logProb[b], 4);
        }
    }

    [Fact]
    public void LearnedLogVarianceIsAParameterTheLikelihoodTrains()
    {
        using var scalar = Gaussian.Learned();
        Assert.Equal(new[] { "log_var" }, scalar.state_dict().Keys.ToArray());
        Assert.Empty(scalar.LogVar!.shape);

        // The maximum-likelihood variance of residuals r is mean(r²): the gradient vanishes there.
        var residuals = tensor(new[] { 1f, -1f, 2f, -2f }, new long[] { 4, 1 });
        using (no_grad())
        {
            scalar.LogVar.fill_((float)Math.Log(2.5));
        }

        scalar.LogProb(zeros(4, 1), residuals).sum().backward();
        Assert.Equal(0f, scalar.parameters().Single().grad!.item<float>(), 5);

        using var perElement = Gaussian.Learned(1, 2, 2);
        Assert.Equal(new long[] { 1, 2, 2 }, perElement.LogVar!.shape);
        Assert.Throws<ModelShapeException>(() => Gaussian.Learned(1, 0));
    }

    [Fact]
    public void Fixed_likelihoods_have_no_parameters_and_compute_the_densities()
    {
        using var gaussian = new Gaussian(0.3);
        using var laplace = new Laplace(0.5);
        Assert.Empty(gaussian.state_dict());
        Assert.Empty(laplace.state_dict());
        Assert.Null(gaussian.LogVar);
        var expected = GaussianLikelihood.LogProb(T(Means), T(Data), variance: 0.3).data<float>().ToArray();
        Assert.Equal(expected, gaussian.LogProb(T(Means), T(Data)).data<float>().ToArray());
        Assert.Equal(-expected.Average(), gaussian.NegativeLogLikelihood(T(Means), T(Data)).item<float>(), 4);
        Assert.Equal(Means, gaussian.Mean(T(Means)).data<float>().ToArray());
        Assert.Equal(LaplaceLikelihood.LogProb(T(Means), T(Data), scale: 0.5).data<float>().ToArray(), laplace.LogProb(T(Means), T(Data)).data<float>().ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => new Gaussian(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Laplace(double.PositiveInfinity));
    }

    [Fact]
    public void A_learned_Laplace_scale_is_read_at_each_use_from_its_owner()
    {
        // The model owns the parameter (state_dict key log_scale); the likelihood reads it when used, so a later value
        // (or the parameter moved to another device) is the one used.
        var logScale = tensor(0f);
        using var laplace = new Laplace(() => logScale);
        Assert.Empty(laplace.state_dict());
        logScale = tensor((float)Math.Log(0.5));
        var expected = LaplaceLikelihood.LogProb(T(Means), T(Data), scale: 0.5).data<float>().ToArray();
        var actual = laplace.LogProb(T(Means), T(Data)).data<float>().ToArray();
        Assert.All(Enumerable.Range(0, expected.Length), i => Assert.Equal(expected[i], actual[i], 5));
    }

    [Fact]
    public void The_logit_likelihoods_compute_their_densities_and_means()
    {
        using var bernoulli = new Bernoulli();
        using var pixels = new Categorical256();
        var probabilities = tensor(new[] { 0.2f, 1f, 0f, 0.5f }, new long[] { 2, 2 });
        Assert.Empty(bernoulli.state_dict());
        Assert.Equal(BernoulliLikelihood.LogProb(T(Means), probabilities).data<float>().ToArray(), bernoulli.LogProb(T(Means), probabilities).data<float>().ToArray());
        Assert.Equal(BernoulliLikelihood.NegativeLogLikelihood(T(Means), probabilities).item<float>(), bernoulli.NegativeLogLikelihood(T(Means), probabilities).item<float>());
        Assert.Equal(BernoulliLikelihood.Mean(T(Means)).data<float>().ToArray(), bernoulli.Mean(T(Means)).data<float>().ToArray());

        var logits = randn(2, 256, 3);
        var levels = tensor(new[] { 0f, 0.5f, 1f, 0.25f, 0.75f, 0.1f }, new long[] { 2, 3 });
        Assert.Equal(CategoricalPixelLikelihood.LogProb(logits, levels).data<float>().ToArray(), pixels.LogProb(logits, levels).data<float>().ToArray());
        Assert.Equal(CategoricalPixelLikelihood.Mean(logits).data<float>().ToArray(), pixels.Mean(logits).data<float>().ToArray());
    }

    [Fact]
    public void LaplaceMatchesTheDensity()
    {
        var logProb = LaplaceLikelihood.LogProb(T(Means), T(Data), scale: 0.5).data<float>().ToArray();
        var withLogScale = LaplaceLikelihood.LogProb(T(Means), tensor((float)Math.Log(0.5)), T(Data)).data<float>().ToArray();
        for (var b = 0; b < 2; b++)
        {
            var expected = Enumerable.Range(2 * b, 2).Sum(i => -Math.Log(2 * 0.5) - Math.Abs(Data[i] - Means[i]) / 0.5);
            Assert.Equal(expected, logProb[b], 4);
            Assert.Equal(expected, withLogScale[b], 4);
        }
    }

    [Fact]
    public void CategoricalPixelsTakeTheLogSoftmaxOfTheRoundedLevel()
    {
        // One example, one channel, 1×2 pixels; logits favour level 3 for every pixel.
        var logits = zeros(new long[] { 1, 256, 1, 1, 2 });
        logits[0, 3] = tensor(5f);
        var x = tensor(new[] { 3f / 255, 0.5f }, new long[] { 1, 1, 1, 2 });

        var logProb = CategoricalPixelLikelihood.LogProb(logits, x).item<float>();

        var normaliser = Math.Log(255 + Math.Exp(5));
        // Pixel 0 is level 3 (logit 5); pixel 1 is 127.5 → level 128 (logit 0).
        Assert.Equal(5 - normaliser + (0 - normaliser), logProb, 4);
    }

    [Fact]
    public void CategoricalPixelMeanIsTheExpectedLevel()
    {
        var logits = full(new long[] { 1, 256, 1 }, -1e4f);
        logits[0, 0, 0] = tensor(0f);
        logits[0, 255, 0] = tensor(0f);
        Assert.Equal(0.5f, CategoricalPixelLikelihood.Mean(logits).item<float>(), 5);
        Assert.Throws<ArgumentException>(() => CategoricalPixelLikelihood.Mean(zeros(1, 10, 2)));
    }
}
