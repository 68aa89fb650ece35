using System;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Flows;

/// <summary>
/// Inverse autoregressive flow (Kingma et al., 2016): K steps of the gated update z′ = σ ⊙ z + (1 − σ) ⊙ m, where
/// (m, s) come from a masked autoregressive network (MADE) of z and σ = sigmoid(s), so that each output dimension
/// depends on the dimensions before it only and log |det ∂z′/∂z| = Σ log σ. The order of the dimensions is reversed
/// between steps; each step may also read context features h from the encoder.
/// </summary>
public sealed class InverseAutoregressiveFlow : NormalizingFlow
{
    /// <summary>Creates the flow.</summary>
    /// <param name="latentSize">Number of latent dimensions.</param>
    /// <param name="steps">Number of steps, K (0 is the identity).</param>
    /// <param name="hidden">Units of each of the two hidden layers of every step's network.</param>
    /// <param name="contextFeatures">Size of the context h each step reads, [B, C]; 0 for none.</param>
    public InverseAutoregressiveFlow(long latentSize, long steps, long hidden, long contextFeatures = 0)
        : base(nameof(InverseAutoregressiveFlow), latentSize, steps, _ => new IafStep(latentSize, hidden, contextFeatures))
    {
        ContextFeatures = contextFeatures;
    }

    /// <summary>Size of the context each step reads; 0 for none.</summary>
    public long ContextFeatures { get; }

    /// <inheritdoc/>
    protected override bool ReversesBetweenSteps => true;
}

/// <summary>
/// One IAF step: a MADE network z → ELU(M₁z + Vh) → ELU(M₂·) → (m, s) with masks that let output j see inputs before
/// j only, and the update z′ = σ ⊙ z + (1 − σ) ⊙ m, σ = sigmoid(s). The bias of s starts at 2 so that σ ≈ 0.88 and
/// the step starts near the identity (Kingma et al. recommend +1 or +2).
/// </summary>
public sealed class IafStep : FlowStep
{
    /// <summary>The initial bias of the gate's logits s.</summary>
    public const double GateBias = 2.0;

#pragma warning disable IDE1006 // field names are state_dict keys and follow PyTorch's snake_case
    private readonly MaskedLinear input;
    private readonly Linear? context;
    private readonly MaskedLinear hidden;
    private readonly MaskedLinear mean;
    private readonly MaskedLinear gate;
#pragma warning restore IDE1006

    /// <summary>Creates the step.</summary>
    /// <param name="latentSize">Number of latent dimensions, d.</param>
    /// <param name="hiddenUnits">Units of each hidden layer.</param>
    /// <param name="contextFeatures">Size of the context h; 0 for none.</param>
    public IafStep(long latentSize, long hiddenUnits, long contextFeatures = 0) : base(nameof(IafStep))
    {
        if (latentSize <= 0 || hiddenUnits <= 0 || contextFeatures < 0)
        {
            throw new ModelShapeException($"inverse autoregressive step: latent size ({latentSize}) and hidden units ({hiddenUnits}) must be positive, context features ({contextFeatures}) at least 0");
        }

        var (toHidden, hiddenToHidden, toOutput) = Masks(latentSize, hiddenUnits);
        input = new MaskedLinear(toHidden);
        context = contextFeatures > 0 ? nn.Linear(contextFeatures, hiddenUnits) : null;
        hidden = new MaskedLinear(hiddenToHidden);
        mean = new MaskedLinear(toOutput);
        gate = new MaskedLinear(toOutput);
        using (no_grad())
        {
            gate.Bias.fill_(GateBias);
        }

        RegisterComponents();
    }

    /// <summary>
    /// The MADE masks for inputs of degrees 1…d, hidden units of degrees 1…d − 1 in turn (0 when d = 1: they then see
    /// no input), and outputs of degrees 1…d: a hidden unit sees inputs of degree at most its own, an output sees hidden
    /// units of degree below its own. Returns the masks input → hidden [H, d], hidden → hidden [H, H], hidden → output [d, H].
    /// </summary>
    public static (Tensor ToHidden, Tensor HiddenToHidden, Tensor ToOutput) Masks(long latentSize, long hiddenUnits)
    {
        var inputDegrees = arange(1, latentSize + 1, dtype: ScalarType.Int64);
        var hiddenDegrees = latentSize == 1
            ? zeros(hiddenUnits, dtype: ScalarType.Int64)
            : arange(hiddenUnits, dtype: ScalarType.Int64).remainder(latentSize - 1) + 1;
        var toHidden = hiddenDegrees.unsqueeze(1).ge(inputDegrees.unsqueeze(0));
        var hiddenToHidden = hiddenDegrees.unsqueeze(1).ge(hiddenDegrees.unsqueeze(0));
        var toOutput = inputDegrees.unsqueeze(1).gt(hiddenDegrees.unsqueeze(0));
        return (toHidden.to_type(ScalarType.Float32), hiddenToHidden.to_type(ScalarType.Float32), toOutput.to_type(ScalarType.Float32));
    }

    /// <summary>The shift m and the gate's logits s for codes z [B, d] and context h [B, C] (ignored without a context layer).</summary>
    public (Tensor Mean, Tensor GateLogits) Network(Tensor z, Tensor? h)
    {
        ArgumentNullException.ThrowIfNull(z);
        var a = input.forward(z);
        if (context is not null)
        {
            if (h is null)
            {
                throw new ArgumentException("this inverse autoregressive step reads a context, but none was given", nameof(h));
            }

            a = a + context.forward(h);
        }

        a = nn.functional.elu(a, 1.0);
        a = nn.functional.elu(hidden.forward(a), 1.0);
        return (mean.forward(a), gate.forward(a));
    }

    /// <inheritdoc/>
    public override FlowResult Apply(Tensor z, Tensor? context = null)
    {
        var (m, s) = Network(z, context);
        var sigma = s.sigmoid();
        // The gated form keeps the update a convex combination, stable where an affine update m + exp(s) z is not.
        var value = sigma * z + (1 - sigma) * m;
        var logDeterminant = nn.functional.logsigmoid(s).sum(1);
        return new FlowResult(value, logDeterminant);
    }
}
