using System;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Likelihoods;

/// <summary>
/// The learned log-variance of a Gaussian likelihood, a parameter named <c>log_var</c>: one scalar shared by all
/// elements, or one per element of an example.
/// </summary>
public sealed class LearnedLogVariance : nn.Module
{
#pragma warning disable IDE1006 // the field name is the state_dict key
    private readonly Parameter log_var;
#pragma warning restore IDE1006

    /// <summary>A scalar log-variance (shape []) when <paramref name="exampleShape"/> is empty, else one per element.</summary>
    public LearnedLogVariance(params long[] exampleShape) : base(nameof(LearnedLogVariance))
    {
        ArgumentNullException.ThrowIfNull(exampleShape);
        if (exampleShape.Any(d => d <= 0))
        {
            throw new ModelShapeException($"learned log-variance: shape [{string.Join(", ", exampleShape)}] must have positive dimensions");
        }

        log_var = new Parameter(zeros(exampleShape));
        RegisterComponents();
    }

    /// <summary>The log-variance parameter; broadcasts over the batch dimension.</summary>
    public Tensor LogVar => log_var;

    /// <summary>log p(x | mean, exp(LogVar)) per example, [B].</summary>
    public Tensor LogProb(Tensor mean, Tensor x) => GaussianLikelihood.LogProb(mean, log_var, x);
}
