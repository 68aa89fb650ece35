using System;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Layers;

/// <summary>Adds a learned position embedding, the parameter <c>weight</c> [L, E] drawn from N(0, 0.02²), to
/// sequences [B, L, E].</summary>
internal sealed class LearnedPositional : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;

    public LearnedPositional(long length, long embedding) : base("LearnedPositional")
    {
        weight = new Parameter(empty(length, embedding));
        using (no_grad())
        {
            nn.init.normal_(weight, 0, 0.02);
        }
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => input + weight;
}

/// <summary>Adds the fixed sinusoids of Vaswani et al. (2017) to sequences [B, L, E]: PE[p, 2i] = sin(p / 10000^(2i/E)),
/// PE[p, 2i + 1] = cos(p / 10000^(2i/E)). Made on the input's device at each call; nothing is saved.</summary>
internal sealed class SinusoidalPositional : nn.Module<Tensor, Tensor>
{
    public SinusoidalPositional() : base("SinusoidalPositional")
    {
    }

    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input + Table(input.shape[1], input.shape[2], input.dtype, input.device);
    }

    /// <summary>The [L, E] table.</summary>
    internal static Tensor Table(long length, long embedding, ScalarType dtype, Device device)
    {
        var positions = arange(length, dtype: ScalarType.Float32, device: device).unsqueeze(1);
        var pairs = (embedding + 1) / 2;
        var frequencies = exp(arange(pairs, dtype: ScalarType.Float32, device: device) * (-2.0 * Math.Log(10000.0) / embedding));
        var angles = positions * frequencies;
        // sin and cos interleaved: [L, pairs, 2] → [L, 2·pairs], cut to E for an odd E.
        var table = stack(new[] { angles.sin(), angles.cos() }, 2).reshape(length, 2 * pairs).narrow(1, 0, embedding);
        return table.to_type(dtype);
    }
}
