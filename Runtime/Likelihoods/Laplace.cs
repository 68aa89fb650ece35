using System;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Likelihoods;

/// <summary><c>likelihood Laplace</c>: a Laplace distribution per element around the decoder's output, with a fixed
/// scale or a learned log-scale.</summary>
public sealed class Laplace : Likelihood
{
    private readonly double scale;
    private readonly Func<Tensor>? logScale;

    /// <summary>A fixed scale for every element.</summary>
    public Laplace(double scale) : base(nameof(Laplace))
    {
        if (!(scale > 0) || double.IsInfinity(scale))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "the scale must be positive");
        }
        this.scale = scale;
    }

    /// <summary>A learned log-scale that the model owns: its parameter <c>log_scale</c> stays a parameter of the model
    /// (state_dict key <c>log_scale</c>), read through <paramref name="logScale"/> at each use, so it follows the
    /// model to another device.</summary>
    public Laplace(Func<Tensor> logScale) : base(nameof(Laplace))
    {
        ArgumentNullException.ThrowIfNull(logScale);
        this.logScale = logScale;
    }

    /// <inheritdoc/>
    public override Tensor LogProb(Tensor output, Tensor x) =>
        logScale is null ? LaplaceLikelihood.LogProb(output, x, scale) : LaplaceLikelihood.LogProb(output, logScale(), x);
}
