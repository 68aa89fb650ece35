using System;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Flows;

/// <summary>
/// Planar flow (Rezende and Mohamed, 2015): K steps f(z) = z + û tanh(wᵀz + b), each with
/// log |det ∂f/∂z| = log |1 + (1 − tanh²(wᵀz + b)) wᵀû|. Its steps hold u, w and b themselves, or, amortised, compute
/// them for each example from the features h the latent's heads read.
/// </summary>
public sealed class PlanarFlow : NormalizingFlow
{
    /// <summary>Creates the flow.</summary>
    /// <param name="latentSize">Number of latent dimensions.</param>
    /// <param name="steps">Number of steps, K (0 is the identity).</param>
    /// <param name="contextFeatures">Size of the features h [B, C] each amortised step reads its u, w and b from; 0
    /// for steps with parameters of their own, shared by all examples.</param>
    public PlanarFlow(long latentSize, long steps, long contextFeatures = 0)
        : base(nameof(PlanarFlow), latentSize, steps, _ => contextFeatures > 0 ? new AmortizedPlanarStep(latentSize, contextFeatures) : new PlanarStep(latentSize))
    {
        ContextFeatures = contextFeatures;
    }

    /// <summary>Size of the features the amortised steps read; 0 when the steps hold their parameters.</summary>
    public long ContextFeatures { get; }

    /// <summary>û = u + (m(wᵀu) − wᵀu) w / ‖w‖² with m(a) = softplus(a + ln(e − 1)) − 1, row by row for u and w
    /// [B, d]: wᵀû = m(wᵀu) > −1 for each example, and u = 0 gives û = 0.</summary>
    public static Tensor ConstrainU(Tensor u, Tensor w)
    {
        ArgumentNullException.ThrowIfNull(u);
        ArgumentNullException.ThrowIfNull(w);
        var wu = (w * u).sum(1, keepdim: true);
        var m = nn.functional.softplus(wu + Shift) - 1;
        // The tiny term keeps w = 0 finite (then wᵀu = 0, m = 0 and û = u).
        return u + (m - wu) * w / (w.square().sum(1, keepdim: true) + 1e-12);
    }

    internal static readonly double Shift = Math.Log(Math.E - 1);
}

/// <summary>
/// One planar step f(z) = z + û h(wᵀz + b) with h = tanh. It is invertible when wᵀû ≥ −1, which the step enforces by
/// using û = u + (m(wᵀu) − wᵀu) w / ‖w‖² with m(a) = softplus(a + ln(e − 1)) − 1 > −1 (Rezende and Mohamed's
/// appendix A; the shift makes m(0) = 0, so u = 0 gives û = 0, the identity).
/// </summary>
public sealed class PlanarStep : FlowStep
{
#pragma warning disable IDE1006 // field names are state_dict keys and follow PyTorch's snake_case
    private readonly Parameter u;
    private readonly Parameter w;
    private readonly Parameter b;
#pragma warning restore IDE1006

    /// <summary>Creates the step with u and w drawn uniformly from ±1/√d and b = 0.</summary>
    public PlanarStep(long latentSize) : base(nameof(PlanarStep))
    {
        if (latentSize <= 0)
        {
            throw new ModelShapeException($"planar step: latent size must be positive but is {latentSize}");
        }

        var bound = 1.0 / Math.Sqrt(latentSize);
        u = nn.Parameter(empty(latentSize).uniform_(-bound, bound));
        w = nn.Parameter(empty(latentSize).uniform_(-bound, bound));
        b = nn.Parameter(zeros(1));
        RegisterComponents();
    }

    /// <summary>The free vector u, [d].</summary>
    public Parameter U => u;

    /// <summary>The normal of the hyperplane, w, [d].</summary>
    public Parameter W => w;

    /// <summary>The offset b, [1].</summary>
    public Parameter B => b;

    /// <summary>û, the u actually applied, [d]: wᵀû > −1 for every u.</summary>
    public Tensor ConstrainedU()
    {
        var wu = w.dot(u);
        var m = nn.functional.softplus(wu + PlanarFlow.Shift) - 1;
        // The tiny term keeps w = 0 finite (then wᵀu = 0, m = 0 and û = u).
        return u + (m - wu) * w / (w.dot(w) + 1e-12);
    }

    /// <inheritdoc/>
    public override FlowResult Apply(Tensor z, Tensor? context = null)
    {
        ArgumentNullException.ThrowIfNull(z);
        var uHat = ConstrainedU();
        var activation = (z.matmul(w) + b).tanh();
        var value = z + activation.unsqueeze(1) * uHat;
        var logDeterminant = (1 + (1 - activation.square()) * w.dot(uHat)).abs().log();
        return new FlowResult(value, logDeterminant);
    }
}

/// <summary>
/// One amortised planar step (Rezende and Mohamed, 2015, section 4; van den Berg et al., 2018): linear heads compute
/// each example's u, w [B, d] and b [B, 1] from the features h [B, C], and f(z) = z + û tanh(wᵀz + b) applies them
/// row by row with the same constraint on û, so that every example's step is invertible. Zero head weights with a
/// u-bias of 0 give the identity.
/// </summary>
public sealed class AmortizedPlanarStep : FlowStep
{
#pragma warning disable IDE1006 // field names are state_dict keys and follow PyTorch's snake_case
    private readonly Linear u;
    private readonly Linear w;
    private readonly Linear b;
#pragma warning restore IDE1006

    /// <summary>Creates the step's heads h → u, h → w and h → b, initialised as linear layers are.</summary>
    public AmortizedPlanarStep(long latentSize, long contextFeatures) : base(nameof(AmortizedPlanarStep))
    {
        if (latentSize <= 0 || contextFeatures <= 0)
        {
            throw new ModelShapeException($"amortised planar step: latent size ({latentSize}) and context features ({contextFeatures}) must be positive");
        }

        u = nn.Linear(contextFeatures, latentSize);
        w = nn.Linear(contextFeatures, latentSize);
        b = nn.Linear(contextFeatures, 1);
        RegisterComponents();
    }

    /// <summary>The head of u.</summary>
    public Linear UHead => u;

    /// <summary>The head of w.</summary>
    public Linear WHead => w;

    /// <summary>The head of b.</summary>
    public Linear BHead => b;

    /// <summary>Each example's û [B, d], w [B, d] and b [B, 1] from the features h [B, C].</summary>
    public (Tensor ConstrainedU, Tensor W, Tensor B) Parameters(Tensor h)
    {
        ArgumentNullException.ThrowIfNull(h);
        var wh = w.forward(h);
        return (PlanarFlow.ConstrainU(u.forward(h), wh), wh, b.forward(h));
    }

    /// <inheritdoc/>
    public override FlowResult Apply(Tensor z, Tensor? context = null)
    {
        ArgumentNullException.ThrowIfNull(z);
        if (context is null)
        {
            throw new ArgumentException("an amortised planar step reads its parameters from the features, but none were given", nameof(context));
        }

        var (uHat, wh, bh) = Parameters(context);
        var activation = ((z * wh).sum(1) + bh.squeeze(1)).tanh();
        var value = z + activation.unsqueeze(1) * uHat;
        var logDeterminant = (1 + (1 - activation.square()) * (wh * uHat).sum(1)).abs().log();
        return new FlowResult(value, logDeterminant);
    }
}
