using System;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Evaluation;

/// <summary>
/// Active latent units (Burda et al. 2016): dimension u is active when the variance over the data of its posterior
/// mean, Cov_x(E_q[z_u | x]), exceeds a threshold (0.01 in the paper).
/// </summary>
public static class ActiveUnits
{
    /// <summary>The number of active dimensions from posterior means [N, d] of N examples.</summary>
    public static int Count(Tensor posteriorMeans, double threshold = 0.01)
    {
        ArgumentNullException.ThrowIfNull(posteriorMeans);
        if (posteriorMeans.dim() != 2 || posteriorMeans.shape[0] < 2)
        {
            throw new ArgumentException(
                $"posterior means must be [N, d] with N ≥ 2 but are [{string.Join(", ", posteriorMeans.shape)}]", nameof(posteriorMeans));
        }

        using var scope = NewDisposeScope();
        var variance = posteriorMeans.detach().to(ScalarType.Float64).var(0, unbiased: false);
        return (int)(variance > threshold).sum().item<long>();
    }
}
