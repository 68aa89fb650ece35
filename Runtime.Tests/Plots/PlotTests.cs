using System;
using System.IO;
using System.Linq;
using SkiaSharp;
using VaeDsl.Runtime.Plots;
using VaeDsl.Runtime.Training;
using Xunit;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Tests.Plots;

public sealed class PlotTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "vaedsl-plots-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static TrainingHistory History(int epochs)
    {
        var options = new TrainingOptions { BatchSize = 64, Epochs = epochs, Seed = 1, Threads = 1, Progress = ProgressMode.None };
        Seeding.Set(1);
        return new Trainer(new Training.TinyVae(), options).Fit(Training.TinyVae.SyntheticData(128, seed: 1), Training.TinyVae.SyntheticData(64, seed: 2));
    }

    /// <summary>Decodes the file, after checking that it is a complete PNG (signature first, IEND chunk last).</summary>
    private static SKBitmap ReadPng(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(new byte[] { 137, 80, 78, 71, 13, 10, 26, 10 }, bytes[..8]);
        Assert.Equal("IEND", System.Text.Encoding.ASCII.GetString(bytes, bytes.Length - 8, 4));
        var bitmap = SKBitmap.Decode(bytes);
        Assert.NotNull(bitmap);
        return bitmap;
    }

    private static int CountPixels(SKBitmap bitmap, Func<SKColor, bool> predicate, int fromRow = 0, int toRow = int.MaxValue)
    {
        var count = 0;
        for (var y = fromRow; y < Math.Min(toRow, bitmap.Height); y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                if (predicate(bitmap.GetPixel(x, y)))
                {
                    count++;
                }
            }
        }

        return count;
    }

    private static bool Near(SKColor color, SKColor target) =>
        Math.Abs(color.Red - target.Red) + Math.Abs(color.Green - target.Green) + Math.Abs(color.Blue - target.Blue) < 30;

    private static bool Dark(SKColor color) => color.Red < 100 && color.Green < 100 && color.Blue < 100;

    [Fact]
    public void LossCurvesAreAPngOfTheRequestedSizeWithCurvesAndText()
    {
        var path = Path.Combine(directory, "loss.png");
        LossCurves.Save(path, History(3), width: 640, height: 360);

        using var bitmap = ReadPng(path);
        Assert.Equal(640, bitmap.Width);
        Assert.Equal(360, bitmap.Height);
        // ScottPlot's first two palette colours draw the train and test curves.
        Assert.True(CountPixels(bitmap, c => Near(c, new SKColor(0x1f, 0x77, 0xb4))) > 100, "no train curve");
        Assert.True(CountPixels(bitmap, c => Near(c, new SKColor(0xff, 0x7f, 0x0e))) > 100, "no test curve");
        // The title is dark text above the frame's top edge (the first row that is mostly dark): a font was found.
        var frameTop = Enumerable.Range(0, bitmap.Height).First(y => CountPixels(bitmap, Dark, y, y + 1) > bitmap.Width / 2);
        Assert.True(CountPixels(bitmap, Dark, 0, frameTop) > 50, $"no title text above row {frameTop}");
        Assert.Empty(Directory.GetFiles(directory, "*.tmp"));
    }

    [Fact]
    public void PlotTextUsesTheEmbeddedFontWhichHasTheGlyphsOfLabels()
    {
        LossCurves.Save(Path.Combine(directory, "loss.png"), History(1));
        using var typeface = ScottPlot.Fonts.GetTypeface("VaeDsl Plot Sans", bold: false, italic: false);
        Assert.Equal("VaeDsl Plot Sans", typeface.FamilyName);
        Assert.DoesNotContain((ushort)0, typeface.GetGlyphs("loss (nats per example) z₁ z₂ PC1 (95 % of the variance)"));
    }

    [Fact]
    public void AnEmptyHistoryOrAnAbsurdSizeIsRejected()
    {
        var path = Path.Combine(directory, "loss.png");
        Assert.Contains("no epochs", Assert.Throws<ArgumentException>(() => LossCurves.Save(path, new TrainingHistory())).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => LossCurves.Save(path, History(1), width: 0, height: 100));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void ATwoDimensionalLatentScatterColoursEachLabel()
    {
        Seeding.Set(4);
        var labels = arange(300, dtype: ScalarType.Int64) % 3;
        var centres = tensor(new float[] { -3, 0, 3, 0, 0, 4 }, new long[] { 3, 2 });
        var means = centres.index_select(0, labels) + randn(300, 2) * 0.3f;
        var path = Path.Combine(directory, "latent.png");
        LatentScatter.Save(path, means, labels, width: 500, height: 400);

        using var bitmap = ReadPng(path);
        Assert.Equal(500, bitmap.Width);
        Assert.Equal(400, bitmap.Height);
        foreach (var colour in new[] { new SKColor(0x1f, 0x77, 0xb4), new SKColor(0xff, 0x7f, 0x0e), new SKColor(0x2c, 0xa0, 0x2c) })
        {
            Assert.True(CountPixels(bitmap, c => Near(c, colour)) > 100, $"label colour {colour} missing");
        }

        // A fourth colour is not used by three labels.
        Assert.True(CountPixels(bitmap, c => Near(c, new SKColor(0xd6, 0x27, 0x28))) < 10);
    }

    [Fact]
    public void AHigherDimensionalLatentIsProjectedAndPlotted()
    {
        Seeding.Set(5);
        var means = randn(200, 6);
        var labels = randint(0, 10, new long[] { 200 });
        var path = Path.Combine(directory, "latent-pca.png");
        LatentScatter.Save(path, means, labels);
        using var bitmap = ReadPng(path);
        Assert.Equal((700, 700), (bitmap.Width, bitmap.Height));
    }

    [Fact]
    public void MismatchedOrUnusableLatentInputsAreRejectedWithTheirShapes()
    {
        var path = Path.Combine(directory, "bad.png");
        var error = Assert.Throws<ArgumentException>(() => LatentScatter.Save(path, zeros(10, 2), zeros(new long[] { 9 }, dtype: ScalarType.Int64)));
        Assert.Contains("[10]", error.Message);
        Assert.Contains("[9]", error.Message);
        Assert.Contains("[10, 1]", Assert.Throws<ArgumentException>(() => LatentScatter.Save(path, zeros(10, 1), zeros(new long[] { 10 }, dtype: ScalarType.Int64))).Message);
        Assert.Contains("integers", Assert.Throws<ArgumentException>(() => LatentScatter.Save(path, zeros(10, 2), zeros(10))).Message);
        var nan = zeros(10, 2);
        nan[3, 1] = tensor(float.NaN);
        Assert.Contains("NaN", Assert.Throws<ArgumentException>(() => LatentScatter.Save(path, nan, zeros(new long[] { 10 }, dtype: ScalarType.Int64))).Message);
        Assert.False(File.Exists(path));
    }
}
