using System;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Flows;

/// <summary>
/// Radial flow (Rezende and Mohamed, 2015): K steps f(z) = z + β h(α, r)(z − z₀) with r = ‖z − z₀‖ and
/// h = 1 / (α + r), each with log |det ∂f/∂z| = (d − 1) log(1 + βh) + log(1 + βh + βh′r).
/// </summary>
public sealed class RadialFlow : NormalizingFlow
{
    /// <summary>Creates the flow.</summary>
    /// <param name="latentSize">Number of latent dimensions.</param>
    /// <param name="steps">Number of steps, K (0 is the identity).</param>
    public RadialFlow(long latentSize, long steps)
        : base(nameof(RadialFlow), latentSize, steps, _ => new RadialStep(latentSize))
    {
    }
}

/// <summary>
/// One radial step around the learned centre z₀. It is invertible when β ≥ −α: the step uses α = softplus(a) > 0 and
/// β = −α + softplus(c) > −α for its free parameters a and c (Rezende and Mohamed's appendix A); a = c gives β = 0,
/// the identity.
/// </summary>
public sealed class RadialStep : FlowStep
{
#pragma warning disable IDE1006 // field names are state_dict keys and follow PyTorch's snake_case
    private readonly Parameter center;
    private readonly Parameter alpha;
    private readonly Parameter beta;
#pragma warning restore IDE1006

    /// <summary>Creates the step with z₀, a and c drawn uniformly from ±1/√d.</summary>
    public RadialStep(long latentSize) : base(nameof(RadialStep))
    {
        if (latentSize <= 0)
        {
            throw new ModelShapeException($"radial step: latent size must be positive but is {latentSize}");
        }

        LatentSize = latentSize;
        var bound = 1.0 / Math.Sqrt(latentSize);
        center = nn.Parameter(empty(latentSize).uniform_(-bound, bound));
        alpha = nn.Parameter(empty(1).uniform_(-bound, bound));
        beta = nn.Parameter(empty(1).uniform_(-bound, bound));
        RegisterComponents();
    }

    /// <summary>The number of latent dimensions, d.</summary>
    public long LatentSize { get; }

    /// <summary>The centre z₀, [d].</summary>
    public Parameter Center => center;

    /// <summary>The free parameter a of α = softplus(a), [1].</summary>
    public Parameter Alpha => alpha;

    /// <summary>The free parameter c of β = −α + softplus(c), [1].</summary>
    public Parameter Beta => beta;

    /// <inheritdoc/>
    public override FlowResult Apply(Tensor z, Tensor? context = null)
    {
        ArgumentNullException.ThrowIfNull(z);
        var a = nn.functional.softplus(alpha);
        var bt = nn.functional.softplus(beta) - a;
        var offset = z - center;
        var r = offset.square().sum(1).sqrt();
        var h = 1 / (a + r);
        var betaH = bt * h;
        var value = z + betaH.unsqueeze(1) * offset;
        // h′ = −1 / (α + r)², so 1 + βh + βh′r = 1 + βh − βr h².
        var logDeterminant = (LatentSize - 1) * (1 + betaH).log() + (1 + betaH - bt * r * h.square()).log();
        return new FlowResult(value, logDeterminant);
    }
}
