using System;
using TorchSharp;
using TorchSharp.Modules;
using VaeDsl.Runtime.Numerics;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Distributions;

/// <summary>
/// A learnable mixture of K diagonal normals, p(z) = Σₖ πₖ N(z; μₖ, σₖ²), with parameters <c>means</c> [K, d]
/// (initialised from N(0, I) so components start apart), <c>log_vars</c> [K, d] and mixture <c>logits</c> [K].
/// Its KL has no closed form, so <see cref="NormalPrior.Kl"/> is the Monte Carlo estimate.
/// </summary>
public sealed class MixtureOfGaussiansPrior : NormalPrior
{
#pragma warning disable IDE1006 // field names are state_dict keys
    private readonly Parameter means;
    private readonly Parameter log_vars;
    private readonly Parameter logits;
#pragma warning restore IDE1006

    /// <summary>Creates a mixture of <paramref name="components"/> components over <paramref name="latentSize"/> dimensions.</summary>
    public MixtureOfGaussiansPrior(long latentSize, long components = 10) : base(nameof(MixtureOfGaussiansPrior), latentSize)
    {
        if (components <= 0)
        {
            throw new ModelShapeException($"mixture prior: components must be positive but is {components}");
        }

        means = new Parameter(randn(components, latentSize));
        log_vars = new Parameter(zeros(components, latentSize));
        logits = new Parameter(zeros(components));
        RegisterComponents();
    }

    /// <summary>Component means, [K, d].</summary>
    public Tensor Means => means;

    /// <summary>Component log-variances, [K, d].</summary>
    public Tensor LogVars => log_vars;

    /// <summary>Unnormalised log mixture weights, [K].</summary>
    public Tensor Logits => logits;

    /// <summary>log p(z) per example, [B], via log-sum-exp over components.</summary>
    public override Tensor LogProb(Tensor z)
    {
        ArgumentNullException.ThrowIfNull(z);
        var diff = z.unsqueeze(1) - means; // [B, K, d]
        var perComponent = ((diff.square() * (-log_vars).exp()) + log_vars + LogConstants.LogTwoPi).sum(2) * -0.5;
        return (perComponent + logits.log_softmax(0)).logsumexp(1);
    }

    /// <summary><paramref name="count"/> samples, [count, d]: a component by its weight, then a normal draw.</summary>
    public override Tensor Sample(long count)
    {
        var component = multinomial(logits.softmax(0), count, replacement: true);
        var mean = means.index_select(0, component);
        var std = (log_vars.index_select(0, component) * 0.5).exp();
        return mean + std * randn_like(mean);
    }
}
