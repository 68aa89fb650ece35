using System;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Objectives;

/// <summary>
/// The squared maximum mean discrepancy between two samples (Gretton et al. 2012), used by InfoVAE and WAE to match
/// the aggregate posterior to the prior. The biased (V-statistic) estimate: exactly 0 for identical samples and
/// never negative.
/// </summary>
public static class MaximumMeanDiscrepancy
{
    /// <summary>MMD² with the Gaussian kernel <c>exp(−‖a − b‖² / (2 s²))</c>; x [N, d], y [M, d].</summary>
    public static Tensor Rbf(Tensor x, Tensor y, double scale = 1.0)
    {
        RequirePositive(scale);
        return Estimate(x, y, squared => (squared / (-2 * scale * scale)).exp());
    }

    /// <summary>
    /// MMD² with the inverse multiquadric kernel <c>C / (C + ‖a − b‖²)</c>, C = 2·d·s² (Tolstikhin et al. 2018),
    /// whose heavy tails keep gradients for far-apart samples.
    /// </summary>
    public static Tensor InverseMultiquadric(Tensor x, Tensor y, double scale = 1.0)
    {
        RequirePositive(scale);
        ArgumentNullException.ThrowIfNull(x);
        var c = 2 * x.shape[^1] * scale * scale;
        return Estimate(x, y, squared => c / (squared + c));
    }

    private static Tensor Estimate(Tensor x, Tensor y, Func<Tensor, Tensor> kernel)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.dim() != 2 || y.dim() != 2 || x.shape[1] != y.shape[1])
        {
            throw new ArgumentException(
                $"samples must be [N, d] and [M, d] with the same d but are [{string.Join(", ", x.shape)}] and [{string.Join(", ", y.shape)}]");
        }

        var xx = kernel(SquaredDistances(x, x)).mean();
        var yy = kernel(SquaredDistances(y, y)).mean();
        var xy = kernel(SquaredDistances(x, y)).mean();
        return (xx + yy - 2 * xy).clamp_min(0);
    }

    // Direct differences rather than the ‖a‖² + ‖b‖² − 2ab expansion, which cancels badly and is not exactly zero for a = b.
    private static Tensor SquaredDistances(Tensor a, Tensor b) => (a.unsqueeze(1) - b.unsqueeze(0)).square().sum(2);

    private static void RequirePositive(double scale)
    {
        if (!(scale > 0) || double.IsInfinity(scale))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "the kernel scale must be positive");
        }
    }
}
