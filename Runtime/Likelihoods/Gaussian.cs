using System;
using System.Linq;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Likelihoods;

/// <summary><c>likelihood Gaussian</c>: a Gaussian per element around the decoder's output, with a fixed variance or a
/// learned log-variance (the parameter <c>log_var</c>: one scalar, or one per element of an example).</summary>
public sealed class Gaussian : Likelihood
{
#pragma warning disable IDE1006 // the field name is the state_dict key
    private readonly Parameter? log_var;
#pragma warning restore IDE1006
    private readonly double variance;

    /// <summary>A fixed variance for every element.</summary>
    public Gaussian(double variance) : base(nameof(Gaussian))
    {
        if (!(variance > 0) || double.IsInfinity(variance))
        {
            throw new ArgumentOutOfRangeException(nameof(variance), variance, "the variance must be positive");
        }
        this.variance = variance;
    }

    private Gaussian(long[] learnedShape) : base(nameof(Gaussian))
    {
        if (learnedShape.Any(d => d <= 0))
        {
            throw new ModelShapeException($"learned log-variance: shape [{string.Join(", ", learnedShape)}] must have positive dimensions");
        }
        log_var = new Parameter(zeros(learnedShape));
        RegisterComponents();
    }

    /// <summary>A learned log-variance, starting at 0: a scalar (shape []) when <paramref name="exampleShape"/> is empty,
    /// else one per element of an example of that shape.</summary>
    public static Gaussian Learned(params long[] exampleShape)
    {
        ArgumentNullException.ThrowIfNull(exampleShape);
        return new Gaussian(exampleShape);
    }

    /// <summary>The learned log-variance (broadcasting over the batch), or null for a fixed variance.</summary>
    public Tensor? LogVar => log_var;

    /// <inheritdoc/>
    public override Tensor LogProb(Tensor output, Tensor x) =>
        log_var is null ? GaussianLikelihood.LogProb(output, x, variance) : GaussianLikelihood.LogProb(output, log_var, x);
}
