using System;
using TorchSharp;
using VaeDsl.Runtime.Numerics;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Distributions;

/// <summary>Binary latents relaxed with the binary concrete distribution (Maddison et al. 2017): logits [B, ...].</summary>
public sealed class RelaxedBernoulli
{
    /// <summary>Creates the distribution from <paramref name="logits"/> [B, ...].</summary>
    public RelaxedBernoulli(Tensor logits)
    {
        ArgumentNullException.ThrowIfNull(logits);
        Logits = logits;
    }

    /// <summary>The logits, [B, ...].</summary>
    public Tensor Logits { get; }

    /// <summary>Probabilities of 1, sigmoid of the logits.</summary>
    public Tensor Probabilities => Logits.sigmoid();

    /// <summary>
    /// A relaxed sample <c>σ((logits + log U − log(1 − U)) / τ)</c>; with <paramref name="hard"/>, exactly 0 or 1
    /// forward (threshold 0.5) with the relaxed gradient backward (straight-through).
    /// </summary>
    public Tensor Sample(double temperature, bool hard = false)
    {
        if (!(temperature > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "the temperature must be positive");
        }

        var uniform = rand_like(Logits).clamp(1e-7, 1 - 1e-7);
        var logistic = uniform.log() - (-uniform).log1p();
        var soft = ((Logits + logistic) / temperature).sigmoid();
        if (!hard)
        {
            return soft;
        }

        return (soft > 0.5).to(soft.dtype) + (soft - soft.detach());
    }

    /// <summary>KL(q ‖ Bernoulli(0.5)) per example, [B]: <c>q log q + (1 − q) log(1 − q) + log 2</c>, from the logits stably.</summary>
    public Tensor KlToUniform() => BatchReductions.SumExceptBatch(KlToUniformPerVariable());

    /// <summary>KL(q ‖ Bernoulli(0.5)) of each bit, [B, bits]: what free bits clamp one by one.</summary>
    public Tensor KlToUniformPerVariable()
    {
        var logQ = nn.functional.logsigmoid(Logits);
        var logNotQ = nn.functional.logsigmoid(-Logits);
        var q = Logits.sigmoid();
        return (q * logQ + (1 - q) * logNotQ + Math.Log(2)).reshape(Logits.shape[0], -1);
    }
}
