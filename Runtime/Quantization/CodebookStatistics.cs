using System;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Quantization;

/// <summary>How a codebook is used, from the number of assignments to each code.</summary>
public static class CodebookStatistics
{
    /// <summary>The fraction of codes assigned at least once, from counts [K].</summary>
    public static double Usage(Tensor counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        return counts.gt(0).sum().item<long>() / (double)counts.numel();
    }

    /// <summary>exp(H(p̄)), the perplexity of the average code distribution p̄ = counts / Σ counts (0 log 0 = 0): the
    /// number of codes a uniform use would need for the same entropy, from 1 (one code) to K (all codes equally).</summary>
    public static double Perplexity(Tensor counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        using var scope = NewDisposeScope();
        var p = counts.to(ScalarType.Float64) / counts.to(ScalarType.Float64).sum().clamp_min(1.0);
        var entropy = -(p * where(p.gt(0), p, ones_like(p)).log()).sum();
        return Math.Exp(entropy.item<double>());
    }
}
