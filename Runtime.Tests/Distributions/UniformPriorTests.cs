using System;
using System.Linq;
using VaeDsl.Runtime.Distributions;
using Xunit;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Tests.Distributions;

public sealed class UniformPriorTests
{
    [Fact]
    public void Categorical_samples_are_exact_one_hot_codes_flattened_and_about_uniform()
    {
        using var prior = UniformPrior.Categorical(groups: 2, categories: 4);
        Assert.Equal(8, prior.LatentSize);
        Assert.Empty(prior.state_dict());
        manual_seed(3);
        var samples = prior.Sample(4000);
        Assert.Equal(new long[] { 4000, 8 }, samples.shape);
        var codes = samples.reshape(4000, 2, 4);
        Assert.True(codes.sum(-1).eq(1).all().item<bool>(), "every code is one-hot");
        // Each category of each group near 1/4 (4000 draws: standard error about 0.007).
        var frequencies = codes.mean(new long[] { 0 }).data<float>().ToArray();
        Assert.All(frequencies, f => Assert.InRange(f, 0.22, 0.28));
    }

    [Fact]
    public void Bits_are_fair_coins_and_the_kl_is_the_unrelaxed_one()
    {
        using var prior = UniformPrior.Bits(3);
        Assert.Equal(3, prior.LatentSize);
        manual_seed(4);
        var bits = prior.Sample(4000);
        Assert.Equal(new long[] { 4000, 3 }, bits.shape);
        Assert.True(bits.eq(0).logical_or(bits.eq(1)).all().item<bool>());
        Assert.InRange(bits.mean().item<float>(), 0.47, 0.53);

        // KL(Bernoulli(0.9) ‖ Bernoulli(0.5)) = 0.9 log 1.8 + 0.1 log 0.2, per bit; the prior's KL is the posterior's.
        var q = new RelaxedBernoulli(tensor(new[] { (float)Math.Log(9), 0f, 0f }, new long[] { 1, 3 }));
        Assert.Equal(0.9 * Math.Log(1.8) + 0.1 * Math.Log(0.2), prior.Kl(q).item<float>(), 5);
        Assert.Equal(new long[] { 1, 3 }, prior.KlPerVariable(q).shape);
    }

    [Fact]
    public void The_categorical_kl_is_that_of_the_posterior_to_the_uniform_code()
    {
        using var prior = UniformPrior.Categorical(groups: 1, categories: 3);
        var q = new RelaxedCategorical(tensor(new[] { 1f, 0f, -1f }, new long[] { 1, 1, 3 }));
        var z = Math.Exp(1) + 1 + Math.Exp(-1);
        var p = new[] { Math.Exp(1) / z, 1 / z, Math.Exp(-1) / z };
        Assert.Equal(p.Sum(pi => pi * Math.Log(pi * 3)), prior.Kl(q).item<float>(), 5);
        Assert.Equal(new long[] { 1, 1 }, prior.KlPerVariable(q).shape);
    }

    [Fact]
    public void Impossible_sizes_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => UniformPrior.Categorical(2, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => UniformPrior.Bits(0));
        using var prior = UniformPrior.Bits(2);
        Assert.Throws<ArgumentOutOfRangeException>(() => prior.Sample(0));
    }
}
