using System;
using System.Linq;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Evaluation;

/// <summary>
/// Active latent units (Burda et al. 2016): dimension u is active when the variance over the data of its posterior
/// mean, Cov_x(E_q[z_u | x]), exceeds a threshold (0.01 in the paper).
/// </summary>
public static class ActiveUnits
{
    /// <summary>The number of active dimensions from posterior means [N, d] of N examples.</summary>
    public static int Count(Tensor posteriorMeans, double threshold = 0.01) => Variances(posteriorMeans).Count(v => v > threshold);

    /// <summary>
    /// Each dimension's variance over the N examples (population variance, dividing by N) of its posterior mean, from
    /// posterior means [N, d]: the activity statistic itself, for reporting how far each dimension is from the threshold.
    /// </summary>
    public static double[] Variances(Tensor posteriorMeans)
    {
        ArgumentNullException.ThrowIfNull(posteriorMeans);
        if (posteriorMeans.dim() != 2 || posteriorMeans.shape[0] < 2)
        {
            throw new ArgumentException(
                $"posterior means must be [N, d] with N ≥ 2 but are [{string.Join(", ", posteriorMeans.shape)}]", nameof(posteriorMeans));
        }

        using var scope = NewDisposeScope();
        return posteriorMeans.detach().to(ScalarType.Float64).var(0, unbiased: false).cpu().data<double>().ToArray();
    }
}
