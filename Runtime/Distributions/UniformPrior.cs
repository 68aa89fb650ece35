using System;
using TorchSharp;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Distributions;

/// <summary>
/// <c>prior c ~ Uniform</c> of a relaxed latent: the uniform categorical over each one-hot code, or Bernoulli(0.5) for
/// each bit. It has no parameters; the KL is that of the unrelaxed distributions, and samples are exact (hard) codes,
/// flattened to [count, size] as the decoder takes them.
/// </summary>
public sealed class UniformPrior : nn.Module
{
    private readonly long groups;
    private readonly long categories;

    private UniformPrior(long groups, long categories) : base(nameof(UniformPrior))
    {
        if (groups <= 0 || categories < 0 || categories == 1)
        {
            throw new ArgumentOutOfRangeException(nameof(categories), $"a uniform prior needs at least one code ({groups}) of at least 2 categories ({categories})");
        }
        this.groups = groups;
        this.categories = categories;
    }

    /// <summary>The prior of a <c>Categorical(categories, groups)</c> latent: <paramref name="groups"/> independent uniform
    /// one-hot codes of <paramref name="categories"/> categories.</summary>
    public static UniformPrior Categorical(long groups, long categories) =>
        categories >= 2 ? new UniformPrior(groups, categories) : throw new ArgumentOutOfRangeException(nameof(categories), categories, "a categorical code has at least 2 categories");

    /// <summary>The prior of a <c>Bernoulli(size)</c> latent: <paramref name="size"/> independent fair bits.</summary>
    public static UniformPrior Bits(long size) => new(size, 0);

    /// <summary>The latent's size as the decoder takes it: groups × categories, or the number of bits.</summary>
    public long LatentSize => categories == 0 ? groups : groups * categories;

    /// <summary><paramref name="count"/> exact codes from the prior, [count, size], on <paramref name="device"/> (the CPU
    /// when null), drawn from the global generator.</summary>
    public Tensor Sample(long count, Device? device = null)
    {
        if (count <= 0) throw new ArgumentOutOfRangeException(nameof(count), count, "the sample count must be positive");
        return categories == 0
            ? new RelaxedBernoulli(zeros(count, groups, device: device)).Sample(1.0, hard: true)
            : new RelaxedCategorical(zeros(count, groups, categories, device: device)).Sample(1.0, hard: true).flatten(1);
    }

    /// <summary>KL(q ‖ uniform) per example, [B].</summary>
    public Tensor Kl(RelaxedCategorical posterior)
    {
        ArgumentNullException.ThrowIfNull(posterior);
        return posterior.KlToUniform();
    }

    /// <summary>KL(q ‖ Bernoulli(0.5)) per example, [B].</summary>
    public Tensor Kl(RelaxedBernoulli posterior)
    {
        ArgumentNullException.ThrowIfNull(posterior);
        return posterior.KlToUniform();
    }

    /// <summary>The KL of each one-hot code, [B, groups]: what free bits clamp one by one.</summary>
    public Tensor KlPerVariable(RelaxedCategorical posterior)
    {
        ArgumentNullException.ThrowIfNull(posterior);
        return posterior.KlToUniformPerVariable();
    }

    /// <summary>The KL of each bit, [B, size].</summary>
    public Tensor KlPerVariable(RelaxedBernoulli posterior)
    {
        ArgumentNullException.ThrowIfNull(posterior);
        return posterior.KlToUniformPerVariable();
    }
}
