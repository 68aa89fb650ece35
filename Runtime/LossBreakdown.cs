using System;
using System.Collections.Generic;
using static TorchSharp.torch;

namespace VaeDsl.Runtime;

/// <summary>The loss of one batch: the scalar total that is minimised and the named scalar terms it is built from.</summary>
public sealed class LossBreakdown
{
    /// <summary>Creates a breakdown; every tensor is a scalar in nats per example.</summary>
    /// <param name="total">The weighted sum that is minimised.</param>
    /// <param name="terms">The named terms, unweighted, in the order they are reported (for example "recon", "kl").</param>
    public LossBreakdown(Tensor total, IReadOnlyList<KeyValuePair<string, Tensor>> terms)
    {
        ArgumentNullException.ThrowIfNull(total);
        ArgumentNullException.ThrowIfNull(terms);
        Total = total;
        Terms = terms;
    }

    /// <summary>The scalar that is minimised.</summary>
    public Tensor Total { get; }

    /// <summary>The named scalar terms, in report order.</summary>
    public IReadOnlyList<KeyValuePair<string, Tensor>> Terms { get; }
}
