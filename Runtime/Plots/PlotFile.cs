using System;
using ScottPlot;

namespace VaeDsl.Runtime.Plots;

/// <summary>Checks a requested picture size and writes a plot as a PNG file atomically.</summary>
internal static class PlotFile
{
    /// <summary>The largest width or height accepted, far above any screen, to catch swapped or garbage arguments.</summary>
    public const int MaximumSide = 16384;

    public static void CheckSize(int width, int height)
    {
        if (width < 50 || height < 50 || width > MaximumSide || height > MaximumSide)
        {
            throw new ArgumentOutOfRangeException(
                nameof(width), $"a plot must be between 50 and {MaximumSide} pixels on each side but {width} × {height} was asked for");
        }
    }

    public static void SavePng(Plot plot, string path, int width, int height)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var bytes = plot.GetImageBytes(width, height, ImageFormat.Png);
        AtomicFile.WriteAllBytes(path, bytes);
    }
}
