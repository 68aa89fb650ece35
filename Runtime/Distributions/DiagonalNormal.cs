using System;
using VaeDsl.Runtime.Numerics;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Distributions;

/// <summary>A batch of normal distributions with diagonal covariance, parameterised by mean and log-variance [B, d].</summary>
public sealed class DiagonalNormal
{
    /// <summary>Creates the distribution from its mean and log-variance, both [B, d].</summary>
    public DiagonalNormal(Tensor mean, Tensor logVar)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(logVar);
        Mean = mean;
        LogVar = logVar;
    }

    /// <summary>The means, [B, d].</summary>
    public Tensor Mean { get; }

    /// <summary>The log-variances, [B, d].</summary>
    public Tensor LogVar { get; }

    /// <summary>The standard deviations <c>exp(0.5 · LogVar)</c>, [B, d].</summary>
    public Tensor StdDev => (LogVar * 0.5).exp();

    /// <summary>
    /// A reparameterised sample <c>Mean + exp(0.5 · LogVar) · ε</c> with ε ~ N(0, I) drawn from the global generator,
    /// so gradients flow to the mean and log-variance.
    /// </summary>
    public Tensor Sample() => Mean + (LogVar * 0.5).exp() * randn_like(Mean);

    /// <summary>KL(q ‖ N(0, I)) per example, [B]: <c>-0.5 Σ (1 + LogVar − Mean² − exp(LogVar))</c>.</summary>
    public Tensor KlToStandardNormal() =>
        BatchReductions.SumExceptBatch(LogVar.exp() + Mean.square() - LogVar - 1) * 0.5;

    /// <summary>log q(z) per example, [B], summed over the latent dimensions.</summary>
    public Tensor LogProb(Tensor z)
    {
        ArgumentNullException.ThrowIfNull(z);
        var squared = (z - Mean).square() * (-LogVar).exp();
        return BatchReductions.SumExceptBatch(squared + LogVar + LogConstants.LogTwoPi) * -0.5;
    }
}
