using System;
using System.IO;
using ScottPlot;
using SkiaSharp;

namespace VaeDsl.Runtime.Plots;

/// <summary>
/// The font of all plot text: a subset of DejaVu Sans embedded in this assembly (see Plots/Fonts), registered with
/// ScottPlot once. The native Skia build used on Linux finds no fonts on a machine without font packages and would
/// then draw every label empty; the embedded font also makes plots look the same everywhere.
/// </summary>
internal sealed class PlotFont : IFontResolver
{
    public const string Name = "VaeDsl Plot Sans";
    private const string Resource = "VaeDsl.Runtime.Plots.PlotSans.ttf";
    private static readonly object Gate = new();
    private static bool registered;
    private readonly byte[] bytes;

    private PlotFont(byte[] bytes) => this.bytes = bytes;

    /// <summary>Registers the font with ScottPlot (once per process) and returns its name.</summary>
    public static string Register()
    {
        lock (Gate)
        {
            if (!registered)
            {
                using var stream = typeof(PlotFont).Assembly.GetManifestResourceStream(Resource)
                    ?? throw new InvalidOperationException($"the plot font resource '{Resource}' is missing from {typeof(PlotFont).Assembly.GetName().Name}");
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                Fonts.FontResolvers.Insert(0, new PlotFont(copy.ToArray()));
                registered = true;
            }

            return Name;
        }
    }

    public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing spacing) => Create(fontName);

    public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) => Create(fontName);

    // One regular face serves every weight and slant: plot labels here are never bold or italic by design.
    private SKTypeface? Create(string fontName) =>
        string.Equals(fontName, Name, StringComparison.OrdinalIgnoreCase) ? SKTypeface.FromStream(new MemoryStream(bytes, writable: false)) : null;
}
