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
    public static double ImagesPerSecond(IReadOnlyList<EpochTiming> epochs, long images) => Rate(epochs, images, e => e.Seconds);

    /// <summary>Images per processor second, counted like <see cref="ImagesPerSecond"/>; NaN when processor time was not measured.</summary>
    public static double ImagesPerCpuSecond(IReadOnlyList<EpochTiming> epochs, long images) => Rate(epochs, images, e => e.CpuSeconds);

    private static double Rate(IReadOnlyList<EpochTiming> epochs, long images, Func<EpochTiming, double> seconds)
    {
        var timed = epochs.Count > 1 ? epochs.Skip(1).ToList() : epochs.ToList();
        return images * timed.Count / timed.Sum(seconds);
    }
}
