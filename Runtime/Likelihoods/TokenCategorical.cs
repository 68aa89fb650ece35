using System;
using TorchSharp;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Likelihoods;

/// <summary><c>likelihood TokenCategorical(vocab)</c>: a categorical over a vocabulary at each position of a token
/// sequence, the decoder's output being logits [B, …, V], vocabulary last, for inputs [B, …] holding token indices in
/// [0, V) (as floats, the way data sets hold them). log p(x|z) is minus the summed cross-entropy of the tokens.</summary>
public sealed class TokenCategorical : Likelihood
{
    private readonly long vocab;

    /// <summary>Creates the likelihood over <paramref name="vocab"/> tokens; it has no parameters.</summary>
    public TokenCategorical(long vocab) : base(nameof(TokenCategorical))
    {
        if (vocab < 2) throw new ArgumentOutOfRangeException(nameof(vocab), vocab, "a vocabulary needs at least 2 tokens");
        this.vocab = vocab;
    }

    /// <inheritdoc/>
    public override Tensor LogProb(Tensor output, Tensor x)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(x);
        if (output.dim() != x.dim() + 1 || output.shape[output.dim() - 1] != vocab)
        {
            throw new ArgumentException(
                $"token logits must be [B, …, {vocab}] for tokens [{string.Join(", ", x.shape)}] but are [{string.Join(", ", output.shape)}]", nameof(output));
        }
        var targets = (x.is_floating_point() ? x.round() : x).to_type(ScalarType.Int64).reshape(-1);
        var crossEntropy = nn.functional.cross_entropy(output.reshape(-1, vocab), targets, reduction: nn.Reduction.None);
        return -crossEntropy.reshape(x.shape[0], -1).sum(1);
    }

    /// <summary>The most likely token at each position, as a float index (the input's type).</summary>
    public override Tensor Mean(Tensor output)
    {
        ArgumentNullException.ThrowIfNull(output);
        return output.argmax(-1).to_type(ScalarType.Float32);
    }
}
