using System;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Flows;

/// <summary>
/// Planar flow (Rezende and Mohamed, 2015): K steps f(z) = z + û tanh(wᵀz + b), each with
/// log |det ∂f/∂z| = log |1 + (1 − tanh²(wᵀz + b)) wᵀû|.
/// </summary>
public sealed class PlanarFlow : NormalizingFlow
{
    /// <summary>Creates the flow.</summary>
    /// <param name="latentSize">Number of latent dimensions.</param>
    /// <param name="steps">Number of steps, K (0 is the identity).</param>
    public PlanarFlow(long latentSize, long steps)
        : base(nameof(PlanarFlow), latentSize, steps, _ => new PlanarStep(latentSize))
    {
    }
}

/// <summary>
/// One planar step f(z) = z + û h(wᵀz + b) with h = tanh. It is invertible when wᵀû ≥ −1, which the step enforces by
/// using û = u + (m(wᵀu) − wᵀu) w / ‖w‖² with m(a) = softplus(a + ln(e − 1)) − 1 > −1 (Rezende and Mohamed's
/// appendix A; the shift makes m(0) = 0, so u = 0 gives û = 0, the identity).
/// </summary>
public sealed class PlanarStep : FlowStep
{
    private static readonly double Shift = Math.Log(Math.E - 1);

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
        var m = nn.functional.softplus(wu + Shift) - 1;
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
