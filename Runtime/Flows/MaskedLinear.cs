using System;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Flows;

/// <summary>
/// A linear layer whose weight is multiplied by a fixed 0/1 mask (MADE, Germain et al., 2015): y = x (W ⊙ M)ᵀ + b.
/// The weight and bias are initialised as PyTorch's <c>nn.Linear</c> draws them (uniform on ±1/√in); the mask is a
/// buffer that moves with the module but is not saved, since the sizes determine it.
/// </summary>
public sealed class MaskedLinear : nn.Module<Tensor, Tensor>
{
    private const string MaskBuffer = "mask";

#pragma warning disable IDE1006 // field names are state_dict keys and follow PyTorch's snake_case
    private readonly Parameter weight;
    private readonly Parameter bias;
#pragma warning restore IDE1006

    /// <summary>Creates the layer from its mask, [out, in].</summary>
    public MaskedLinear(Tensor mask) : base(nameof(MaskedLinear))
    {
        ArgumentNullException.ThrowIfNull(mask);
        if (mask.dim() != 2)
        {
            throw new ArgumentException($"the mask must be [out, in] but is [{string.Join(", ", mask.shape)}]", nameof(mask));
        }

        var bound = 1.0 / Math.Sqrt(mask.shape[1]);
        weight = nn.Parameter(empty(mask.shape[0], mask.shape[1]).uniform_(-bound, bound));
        bias = nn.Parameter(empty(mask.shape[0]).uniform_(-bound, bound));
        RegisterComponents();
        register_buffer(MaskBuffer, mask.to_type(ScalarType.Float32).detach().clone(), persistent: false);
    }

    /// <summary>The weight W, [out, in] (the mask is applied at each call).</summary>
    public Parameter Weight => weight;

    /// <summary>The bias, [out].</summary>
    public Parameter Bias => bias;

    /// <summary>The mask M, [out, in].</summary>
    public Tensor Mask => get_buffer(MaskBuffer)!;

    /// <inheritdoc/>
    public override Tensor forward(Tensor input) => nn.functional.linear(input, weight * Mask, bias);
}
