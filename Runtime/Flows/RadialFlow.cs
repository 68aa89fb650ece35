using System;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Flows;

/// <summary>
/// Radial flow (Rezende and Mohamed, 2015): K steps f(z) = z + β h(α, r)(z − z₀) with r = ‖z − z₀‖ and
/// h = 1 / (α + r), each with log |det ∂f/∂z| = (d − 1) log(1 + βh) + log(1 + βh + βh′r). Its steps hold z₀, α and β
/// themselves, or, amortised, compute them for each example from the features h the latent's heads read.
/// </summary>
public sealed class RadialFlow : NormalizingFlow
{
    /// <summary>Creates the flow.</summary>
    /// <param name="latentSize">Number of latent dimensions.</param>
    /// <param name="steps">Number of steps, K (0 is the identity).</param>
    /// <param name="contextFeatures">Size of the features h [B, C] each amortised step reads its z₀, α and β from; 0
    /// for steps with parameters of their own, shared by all examples.</param>
    public RadialFlow(long latentSize, long steps, long contextFeatures = 0)
        : base(nameof(RadialFlow), latentSize, steps, _ => contextFeatures > 0 ? new AmortizedRadialStep(latentSize, contextFeatures) : new RadialStep(latentSize))
    {
        ContextFeatures = contextFeatures;
    }

    /// <summary>Size of the features the amortised steps read; 0 when the steps hold their parameters.</summary>
    public long ContextFeatures { get; }

    /// <summary>The step z + βh(z − z₀) with h = 1 / (α + r), r = ‖z − z₀‖, and its log |det|, for z [B, d], the centre
    /// z₀ [d] or [B, d] and the free parameters a, c [1] or [B, 1] of α = softplus(a) and β = −α + softplus(c).</summary>
    public static FlowResult Step(Tensor z, Tensor center, Tensor a, Tensor c)
    {
        ArgumentNullException.ThrowIfNull(z);
        ArgumentNullException.ThrowIfNull(center);
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(c);
        var alpha = nn.functional.softplus(a);
        var beta = nn.functional.softplus(c) - alpha;
        // A shared α and β are [1]; per-example ones are [B, 1]: both broadcast against r [B] as [B].
        if (alpha.dim() == 2)
        {
            alpha = alpha.squeeze(1);
            beta = beta.squeeze(1);
        }

        var offset = z - center;
        var r = offset.square().sum(1).sqrt();
        var h = 1 / (alpha + r);
        var betaH = beta * h;
        var value = z + betaH.unsqueeze(1) * offset;
        // h′ = −1 / (α + r)², so 1 + βh + βh′r = 1 + βh − βr h².
        var logDeterminant = (z.shape[1] - 1) * (1 + betaH).log() + (1 + betaH - beta * r * h.square()).log();
        return new FlowResult(value, logDeterminant);
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
        return RadialFlow.Step(z, center, alpha, beta);
    }
}

/// <summary>
/// One amortised radial step (Rezende and Mohamed, 2015, section 4): linear heads compute each example's centre z₀
/// [B, d] and free parameters a, c [B, 1] from the features h [B, C], with α = softplus(a) and β = −α + softplus(c)
/// per example, so that every example's step is invertible. Zero head weights with equal a- and c-biases give the
/// identity.
/// </summary>
public sealed class AmortizedRadialStep : FlowStep
{
#pragma warning disable IDE1006 // field names are state_dict keys and follow PyTorch's snake_case
    private readonly Linear center;
    private readonly Linear alpha;
    private readonly Linear beta;
#pragma warning restore IDE1006

    /// <summary>Creates the step's heads h → z₀, h → a and h → c, initialised as linear layers are.</summary>
    public AmortizedRadialStep(long latentSize, long contextFeatures) : base(nameof(AmortizedRadialStep))
    {
        if (latentSize <= 0 || contextFeatures <= 0)
        {
            throw new ModelShapeException($"amortised radial step: latent size ({latentSize}) and context features ({contextFeatures}) must be positive");
        }

        center = nn.Linear(contextFeatures, latentSize);
        alpha = nn.Linear(contextFeatures, 1);
        beta = nn.Linear(contextFeatures, 1);
        RegisterComponents();
    }

    /// <summary>The head of the centre z₀.</summary>
    public Linear CenterHead => center;

    /// <summary>The head of a, α = softplus(a).</summary>
    public Linear AlphaHead => alpha;

    /// <summary>The head of c, β = −α + softplus(c).</summary>
    public Linear BetaHead => beta;

    /// <inheritdoc/>
    public override FlowResult Apply(Tensor z, Tensor? context = null)
    {
        ArgumentNullException.ThrowIfNull(z);
        if (context is null)
        {
            throw new ArgumentException("an amortised radial step reads its parameters from the features, but none were given", nameof(context));
        }

        return RadialFlow.Step(z, center.forward(context), alpha.forward(context), beta.forward(context));
    }
}
