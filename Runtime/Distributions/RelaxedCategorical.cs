using System;
using TorchSharp;
using VaeDsl.Runtime.Numerics;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Distributions;

/// <summary>
/// Categorical latents relaxed with Gumbel-softmax (Jang et al. 2017; Maddison et al. 2017): logits [B, ..., K]
/// over K classes in the last dimension.
/// </summary>
public sealed class RelaxedCategorical
{
    /// <summary>Creates the distribution from unnormalised <paramref name="logits"/> [B, ..., K].</summary>
    public RelaxedCategorical(Tensor logits)
    {
        ArgumentNullException.ThrowIfNull(logits);
        if (logits.dim() < 2 || logits.shape[^1] < 2)
        {
            throw new ArgumentException($"categorical logits must be [B, ..., K] with K ≥ 2 but are [{string.Join(", ", logits.shape)}]", nameof(logits));
        }

        Logits = logits;
    }

    /// <summary>The logits, [B, ..., K].</summary>
    public Tensor Logits { get; }

    /// <summary>Class probabilities, softmax over the last dimension.</summary>
    public Tensor Probabilities => Logits.softmax(-1);

    /// <summary>
    /// A relaxed one-hot sample <c>softmax((logits + g) / τ)</c> with Gumbel noise g from the global generator;
    /// with <paramref name="hard"/>, the exact one-hot of the arg-max in the forward pass and the relaxed gradient
    /// in the backward pass (straight-through).
    /// </summary>
    public Tensor Sample(double temperature, bool hard = false)
    {
        if (!(temperature > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "the temperature must be positive");
        }

        // Gumbel(0, 1) = −log(−log U); U kept away from 0 and 1 so the logs stay finite.
        var uniform = rand_like(Logits).clamp(1e-10, 1 - 1e-7);
        var gumbel = -(-uniform.log()).log();
        var soft = ((Logits + gumbel) / temperature).softmax(-1);
        if (!hard)
        {
            return soft;
        }

        var oneHot = nn.functional.one_hot(soft.argmax(-1), soft.shape[^1]).to(soft.dtype);
        return oneHot + (soft - soft.detach());
    }

    /// <summary>KL(q ‖ uniform) per example, [B]: <c>Σ q log q + log K</c> summed over all categorical variables.</summary>
    public Tensor KlToUniform() => BatchReductions.SumExceptBatch(KlToUniformPerVariable());

    /// <summary>KL(q ‖ uniform) of each categorical variable (group), [B, groups]: what free bits clamp one by one.</summary>
    public Tensor KlToUniformPerVariable()
    {
        var logQ = Logits.log_softmax(-1);
        return ((logQ.exp() * logQ).sum(-1) + Math.Log(Logits.shape[^1])).reshape(Logits.shape[0], -1);
    }
}
