using System;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Distributions;

/// <summary>A reparameterised sample of a posterior with its log-density: what a posterior whose density cannot be
/// evaluated at an arbitrary code (one transformed by a normalizing flow) gives the Monte Carlo KL and the
/// importance-weighted bound.</summary>
/// <param name="Value">The sample, [B, d].</param>
/// <param name="LogProb">log q(z|x) at the sample, per example, [B].</param>
public sealed record PosteriorSample(Tensor Value, Tensor LogProb)
{
    /// <summary>The joint sample of independent posteriors: the values concatenated, the log-densities added.</summary>
    /// <exception cref="ArgumentException">No parts.</exception>
    public static PosteriorSample Concat(params PosteriorSample[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Length == 0)
        {
            throw new ArgumentException("at least one sample is needed", nameof(parts));
        }

        if (parts.Length == 1)
        {
            return parts[0];
        }

        var logProb = parts[0].LogProb;
        for (var i = 1; i < parts.Length; i++)
        {
            logProb = logProb + parts[i].LogProb;
        }

        return new PosteriorSample(cat(Array.ConvertAll(parts, p => p.Value), 1), logProb);
    }
}

/// <summary>A posterior q(z|x) that draws reparameterised samples together with their log-density: a diagonal Normal,
/// a Normal transformed by a normalizing flow, or the joint of several.</summary>
public interface ISampledPosterior
{
    /// <summary>One reparameterised sample [B, d] and log q(z|x) at it, [B].</summary>
    PosteriorSample Draw();
}

/// <summary>The joint posterior of independent latents, each drawn with its log-density: the codes are concatenated
/// and the log-densities add.</summary>
public sealed class JointPosterior : ISampledPosterior
{
    private readonly ISampledPosterior[] parts;

    /// <summary>Creates the joint of <paramref name="parts"/>, in the order their codes are concatenated.</summary>
    /// <exception cref="ArgumentException">No parts.</exception>
    public JointPosterior(params ISampledPosterior[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Length == 0)
        {
            throw new ArgumentException("at least one posterior is needed", nameof(parts));
        }

        this.parts = parts;
    }

    /// <inheritdoc/>
    public PosteriorSample Draw() => PosteriorSample.Concat(Array.ConvertAll(parts, p => p.Draw()));
}
