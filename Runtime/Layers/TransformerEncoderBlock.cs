using System;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Layers;

/// <summary>PyTorch's nn.TransformerEncoderLayer (ReLU, layer-norm eps 1e-5, batch first) with its submodules' names,
/// so the state_dict keys agree (<c>self_attn.in_proj_weight</c>, <c>linear1.weight</c>, <c>norm1.weight</c>, …):
/// post-norm, x = norm1(x + sa(x)) then norm2(x + ff(x)), as PyTorch's default, or pre-norm,
/// x + sa(norm1(x)) then x + ff(norm2(x)). TorchSharp's own layer has neither batch-first input nor pre-norm.</summary>
internal sealed class TransformerEncoderBlock : nn.Module<Tensor, Tensor>
{
    private readonly MultiheadAttention self_attn;
    private readonly Linear linear1;
    private readonly Dropout dropout;
    private readonly Linear linear2;
    private readonly LayerNorm norm1;
    private readonly LayerNorm norm2;
    private readonly Dropout dropout1;
    private readonly Dropout dropout2;
    private readonly bool normFirst;
    private readonly bool causal;

    public TransformerEncoderBlock(long embedding, long heads, long feedForward, double dropoutRate, bool normFirst, bool causal) : base("TransformerEncoderLayer")
    {
        // Created in PyTorch's order, so both draw the same initial weights from one seed.
        self_attn = nn.MultiheadAttention(embedding, heads, dropout: dropoutRate);
        linear1 = nn.Linear(embedding, feedForward);
        dropout = nn.Dropout(dropoutRate);
        linear2 = nn.Linear(feedForward, embedding);
        norm1 = nn.LayerNorm(new[] { embedding }, 1e-5);
        norm2 = nn.LayerNorm(new[] { embedding }, 1e-5);
        dropout1 = nn.Dropout(dropoutRate);
        dropout2 = nn.Dropout(dropoutRate);
        this.normFirst = normFirst;
        this.causal = causal;
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var mask = causal ? SelfAttentionLayer.CausalMask(input) : null;
        if (normFirst)
        {
            var x = input + dropout1.call(SelfAttentionLayer.Attend(self_attn, norm1.call(input), mask));
            return x + dropout2.call(FeedForward(norm2.call(x)));
        }
        var y = norm1.call(input + dropout1.call(SelfAttentionLayer.Attend(self_attn, input, mask)));
        return norm2.call(y + dropout2.call(FeedForward(y)));
    }

    private Tensor FeedForward(Tensor x) => linear2.call(dropout.call(nn.functional.relu(linear1.call(x))));
}
