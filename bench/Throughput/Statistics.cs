using System;
using System.Collections.Generic;
using System.Linq;

namespace VaeDsl.Bench.Throughput;

/// <summary>Small helpers over repeated measurements.</summary>
internal static class Statistics
{
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        if (sorted.Length == 0)
        {
            throw new ArgumentException("no values", nameof(values));
        }

        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>Images per wall-clock second over the timed epochs: all of them, or all but the first (warm-up) when there are several.</summary>

    /// <summary>
    /// A distribution-free interval for the median of <paramref name="values"/> at about 95 % confidence: the order
    /// statistics n/2 ± 0.98·√n (the normal approximation to the binomial count of values below the median).
    /// </summary>
    public static (double Low, double High) MedianInterval(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        if (sorted.Length == 0)
        {
            throw new ArgumentException("no values", nameof(values));
        }

        var n = sorted.Length;
        var low = Math.Max(0, (int)Math.Floor(n / 2.0 - 0.98 * Math.Sqrt(n)));
        var high = Math.Min(n - 1, (int)Math.Ceiling(n / 2.0 + 0.98 * Math.Sqrt(n)) - 1);
        return (sorted[low], sorted[high]);
    }

    /// <summary>The geometric mean: the average of ratios that treats 0.9 and 1/0.9 as equally far from 1.</summary>
    public static double GeometricMean(IEnumerable<double> values) => Math.Exp(values.Select(v => Math.Log(v)).Average());
}
