using System;
using System.Globalization;
using System.Linq;
using ScottPlot;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Plots;

/// <summary>
/// A PNG scatter plot of latent codes coloured by label: the two coordinates themselves for a 2-d latent, the first two
/// principal components for a larger one.
/// </summary>
public static class LatentScatter
{
    /// <summary>Writes the scatter plot of <paramref name="means"/> [N, d] coloured by <paramref name="labels"/> [N] to <paramref name="path"/>.</summary>
    /// <param name="path">The PNG file to write.</param>
    /// <param name="means">Latent codes, typically the posterior means of a test set, [N, d] with d ≥ 2.</param>
    /// <param name="labels">An integer label per code, [N]; each distinct label gets a colour and a legend entry.</param>
    /// <param name="width">Picture width in pixels.</param>
    /// <param name="height">Picture height in pixels.</param>
    public static void Save(string path, Tensor means, Tensor labels, int width = 700, int height = 700)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(means);
        ArgumentNullException.ThrowIfNull(labels);
        PlotFile.CheckSize(width, height);
        if (means.dim() != 2 || means.shape[1] < 2)
        {
            throw new ArgumentException($"latent codes must be [N, d] with d ≥ 2 but have shape [{string.Join(", ", means.shape)}]", nameof(means));
        }

        if (labels.dim() != 1 || labels.shape[0] != means.shape[0])
        {
            throw new ArgumentException(
                $"labels must be [N] = [{means.shape[0]}] to match the codes but have shape [{string.Join(", ", labels.shape)}]", nameof(labels));
        }

        if (labels.is_floating_point() || labels.is_complex())
        {
            throw new ArgumentException($"labels must be integers but are {labels.dtype}", nameof(labels));
        }

        using var scope = NewDisposeScope();
        var (xs, ys, xLabel, yLabel) = TwoDimensions(means.detach().cpu());
        if (xs.Concat(ys).Any(v => !double.IsFinite(v)))
        {
            throw new ArgumentException("the latent codes contain NaN or infinite values", nameof(means));
        }

        var classes = labels.cpu().to(ScalarType.Int64).data<long>().ToArray();
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var distinct = classes.Distinct().OrderBy(c => c).ToArray();
        for (var i = 0; i < distinct.Length; i++)
        {
            var members = Enumerable.Range(0, classes.Length).Where(j => classes[j] == distinct[i]).ToArray();
            var points = plot.Add.ScatterPoints(members.Select(j => xs[j]).ToArray(), members.Select(j => ys[j]).ToArray());
            points.Color = palette.GetColor(i);
            points.MarkerSize = 4;
            points.LegendText = distinct[i].ToString(CultureInfo.InvariantCulture);
        }

        plot.Title("Latent codes by label");
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.ShowLegend(Alignment.UpperRight);
        plot.Font.Set(PlotFont.Register());
        PlotFile.SavePng(plot, path, width, height);
    }

    private static (double[] X, double[] Y, string XLabel, string YLabel) TwoDimensions(Tensor means)
    {
        using var scope = NewDisposeScope();
        if (means.shape[1] == 2)
        {
            var codes = means.detach().to(ScalarType.Float64).contiguous();
            return (codes[.., 0].contiguous().data<double>().ToArray(), codes[.., 1].contiguous().data<double>().ToArray(), "z₁", "z₂");
        }

        var pca = PrincipalComponents.Fit(means, 2);
        var total = means.detach().to(ScalarType.Float64).var(new long[] { 0 }).sum().item<double>();
        var shares = pca.ExplainedVariance.data<double>().ToArray().Select(v => total > 0 ? v / total : 0).ToArray();
        var projected = pca.Projected.contiguous();
        return (projected[.., 0].contiguous().data<double>().ToArray(), projected[.., 1].contiguous().data<double>().ToArray(),
            Share("PC1", shares[0]), Share("PC2", shares[1]));
    }

    private static string Share(string name, double share) =>
        string.Format(CultureInfo.InvariantCulture, "{0} ({1:P0} of the variance)", name, share);
}
