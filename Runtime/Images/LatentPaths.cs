using System;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Images;

/// <summary>Latent codes for pictures of what a model learned: traversals of one dimension and interpolations.</summary>
public static class LatentPaths
{
    /// <summary>
    /// A traversal grid [d · steps, d]: row j varies dimension j of <paramref name="origin"/> [d] evenly over
    /// [−range, range] and keeps the others; decode it and save it with <c>columns: steps</c>.
    /// </summary>
    public static Tensor Traversal(Tensor origin, int steps, double range = 3.0)
    {
        ArgumentNullException.ThrowIfNull(origin);
        if (origin.dim() != 1 || steps < 2 || !(range > 0))
        {
            throw new ArgumentException($"a traversal needs an origin [d] (got [{string.Join(", ", origin.shape)}]), steps ≥ 2 ({steps}) and range > 0 ({range})");
        }

        var d = origin.shape[0];
        var values = linspace(-range, range, steps, dtype: origin.dtype, device: origin.device);
        var codes = origin.unsqueeze(0).repeat(d * steps, 1);
        for (long j = 0; j < d; j++)
        {
            codes.narrow(0, j * steps, steps).select(1, j).copy_(values);
        }

        return codes;
    }

    /// <summary>Codes [steps, d] on the straight line from <paramref name="from"/> [d] to <paramref name="to"/> [d], ends included.</summary>
    public static Tensor Interpolation(Tensor from, Tensor to, int steps)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        if (from.dim() != 1 || !from.shape.AsSpan().SequenceEqual(to.shape) || steps < 2)
        {
            throw new ArgumentException($"an interpolation needs two codes of the same shape [d] and steps ≥ 2 ({steps})");
        }

        var t = linspace(0, 1, steps, dtype: from.dtype, device: from.device).unsqueeze(1);
        return from.unsqueeze(0) * (1 - t) + to.unsqueeze(0) * t;
    }
}
