using System;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Plots;

/// <summary>
/// Principal component analysis by the singular value decomposition of the centred data: the directions of largest
/// variance and the data's coordinates along them.
/// </summary>
public sealed class PrincipalComponents
{
    private PrincipalComponents(Tensor mean, Tensor directions, Tensor variances, Tensor projected)
    {
        Mean = mean;
        Directions = directions;
        ExplainedVariance = variances;
        Projected = projected;
    }

    /// <summary>The mean of the data, [d].</summary>
    public Tensor Mean { get; }

    /// <summary>The unit directions, [k, d], by decreasing variance; each is signed so its largest-magnitude entry is positive.</summary>
    public Tensor Directions { get; }

    /// <summary>The variance of the data along each direction (divisor N − 1), [k].</summary>
    public Tensor ExplainedVariance { get; }

    /// <summary>The centred data's coordinates along the directions, [N, k].</summary>
    public Tensor Projected { get; }

    /// <summary>The first <paramref name="components"/> principal components of <paramref name="data"/> [N, d], computed in double precision.</summary>
    public static PrincipalComponents Fit(Tensor data, int components)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.dim() != 2)
        {
            throw new ArgumentException($"PCA needs a matrix [N, d] but the data have shape [{string.Join(", ", data.shape)}]", nameof(data));
        }

        var (count, dimensions) = (data.shape[0], data.shape[1]);
        if (count < 2)
        {
            throw new ArgumentException($"PCA needs at least 2 points but has {count}", nameof(data));
        }

        if (components < 1 || components > Math.Min(count, dimensions))
        {
            throw new ArgumentOutOfRangeException(
                nameof(components), components, $"the number of components must be between 1 and min(N, d) = {Math.Min(count, dimensions)}");
        }

        using var scope = NewDisposeScope();
        var x = data.detach().to(ScalarType.Float64);
        var mean = x.mean(new long[] { 0 });
        var centred = x - mean;
        var (_, singular, vh) = linalg.svd(centred, fullMatrices: false);
        var directions = vh[..components];

        // An SVD fixes each direction only up to sign; pin it so plots do not flip between runs.
        var largest = directions.abs().argmax(1, keepdim: true);
        var signs = directions.gather(1, largest).sign();
        signs = where(signs == 0, ones_like(signs), signs);
        directions = directions * signs;

        var variances = singular[..components].square() / (count - 1);
        var projected = centred.matmul(directions.t());
        var result = new PrincipalComponents(mean, directions, variances, projected);
        result.Mean.MoveToOuterDisposeScope();
        result.Directions.MoveToOuterDisposeScope();
        result.ExplainedVariance.MoveToOuterDisposeScope();
        result.Projected.MoveToOuterDisposeScope();
        return result;
    }
}
