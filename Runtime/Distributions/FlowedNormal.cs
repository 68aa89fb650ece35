using System;
using VaeDsl.Runtime.Flows;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Distributions;

/// <summary>
/// The posterior of a diagonal Normal transformed by a normalizing flow: z₀ ~ N(μ, σ²), z_K = f_K ∘ … ∘ f₁(z₀), whose
/// log-density at the sample is <c>log q(z_K|x) = log q(z₀|x) − Σₖ log |det ∂fₖ/∂zₖ₋₁|</c> (Rezende and Mohamed, 2015).
/// The density is known only at codes the flow produced, so KL and importance weights use <see cref="Draw"/>.
/// </summary>
public sealed class FlowedNormal : ISampledPosterior
{
    /// <summary>Creates the posterior from its base distribution and flow.</summary>
    /// <param name="baseDistribution">q(z₀|x), [B, d].</param>
    /// <param name="flow">The flow applied to samples of the base distribution.</param>
    /// <param name="context">Features the flow's steps may read (an inverse autoregressive flow's context h), [B, C]; null for none.</param>
    public FlowedNormal(DiagonalNormal baseDistribution, NormalizingFlow flow, Tensor? context = null)
    {
        ArgumentNullException.ThrowIfNull(baseDistribution);
        ArgumentNullException.ThrowIfNull(flow);
        Base = baseDistribution;
        Flow = flow;
        Context = context;
    }

    /// <summary>The base distribution q(z₀|x).</summary>
    public DiagonalNormal Base { get; }

    /// <summary>The flow.</summary>
    public NormalizingFlow Flow { get; }

    /// <summary>The flow's context features, or null.</summary>
    public Tensor? Context { get; }

    /// <summary>The flow applied to the base distribution's mean, [B, d]: what reconstructions decode (the mean of
    /// q(z_K|x) itself has no closed form).</summary>
    public Tensor FlowedMean => Flow.Transform(Base.Mean, Context).Value;

    /// <summary>A reparameterised sample z_K [B, d] and log q(z_K|x) at it, [B].</summary>
    public PosteriorSample Sample()
    {
        var z0 = Base.Sample();
        var flowed = Flow.Transform(z0, Context);
        return new PosteriorSample(flowed.Value, Base.LogProb(z0) - flowed.LogDeterminant);
    }

    /// <inheritdoc/>
    public PosteriorSample Draw() => Sample();
}
