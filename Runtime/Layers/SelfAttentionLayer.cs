using System;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Layers;

/// <summary>Multi-head self-attention over batch-first sequences [B, L, E] (PyTorch's nn.MultiheadAttention in its
/// field <c>attention</c>: <c>attention.in_proj_weight</c>, <c>attention.out_proj.weight</c>, …); causal, each
/// position attends only to itself and earlier ones.</summary>
internal sealed class SelfAttentionLayer : nn.Module<Tensor, Tensor>
{
    private readonly MultiheadAttention attention;
    private readonly bool causal;

    public SelfAttentionLayer(long embedding, long heads, bool causal) : base("SelfAttention")
    {
        attention = nn.MultiheadAttention(embedding, heads);
        this.causal = causal;
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Attend(attention, input, causal ? CausalMask(input) : null);
    }

    /// <summary>Self-attention of batch-first <paramref name="input"/> (TorchSharp's module takes [L, B, E]).</summary>
    internal static Tensor Attend(MultiheadAttention attention, Tensor input, Tensor? mask)
    {
        var sequenceFirst = input.transpose(0, 1);
        var (output, _) = attention.call(sequenceFirst, sequenceFirst, sequenceFirst, null, false, mask);
        return output.transpose(0, 1);
    }

    /// <summary>An additive [L, L] mask: −∞ where a position would attend to a later one, 0 elsewhere.</summary>
    internal static Tensor CausalMask(Tensor input)
    {
        var length = input.shape[1];
        return full(length, length, float.NegativeInfinity, dtype: input.dtype, device: input.device).triu(1);
    }
}
