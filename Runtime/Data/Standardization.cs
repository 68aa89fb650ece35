using System;
using System.Collections.Generic;
using System.Linq;

namespace VaeDsl.Runtime.Data;

/// <summary>
/// Per-feature centring and scaling, (x − mean) / std, with the mean and population standard deviation of the rows it
/// was fitted on (the training split), so no statistic of the test split leaks into training.
/// </summary>
public sealed class Standardization
{
    private Standardization(double[] means, double[] deviations)
    {
        Means = means;
        StandardDeviations = deviations;
    }

    /// <summary>The mean of each feature over the fitted rows.</summary>
    public IReadOnlyList<double> Means { get; }

    /// <summary>The population standard deviation of each feature; 1 for a constant feature, which is then only centred.</summary>
    public IReadOnlyList<double> StandardDeviations { get; }

    /// <summary>Fits the statistics to the features of <paramref name="table"/>.</summary>
    /// <exception cref="ArgumentException">The table has no rows.</exception>
    public static Standardization Fit(CsvTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (table.RowCount == 0)
        {
            throw new ArgumentException($"cannot standardise with the statistics of {table.Source}: it has no rows", nameof(table));
        }

        var means = new double[table.FeatureCount];
        var deviations = new double[table.FeatureCount];
        for (var j = 0; j < table.FeatureCount; j++)
        {
            var column = Enumerable.Range(0, table.RowCount).Select(i => table.Features[i][j]).ToArray();
            var mean = column.Average();
            var deviation = Math.Sqrt(column.Sum(v => (v - mean) * (v - mean)) / column.Length);
            means[j] = mean;
            deviations[j] = deviation > 0 ? deviation : 1.0;
        }

        return new Standardization(means, deviations);
    }

    /// <summary>The standardised features of <paramref name="table"/>, row by row.</summary>
    /// <exception cref="ArgumentException">The table has a different number of features than the one fitted.</exception>
    public double[][] Apply(CsvTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (table.FeatureCount != Means.Count)
        {
            throw new ArgumentException(
                $"{table.Source} has {table.FeatureCount} features but the standardisation was fitted on {Means.Count}", nameof(table));
        }

        return table.Features.Select(row => row.Select((v, j) => (v - Means[j]) / StandardDeviations[j]).ToArray()).ToArray();
    }
}
