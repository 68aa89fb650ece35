using System;
using System.IO;
using System.Linq;
using VaeDsl.Runtime.Images;
using Xunit;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Tests.Images;

public sealed class ImageGridTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "vaedsl-images-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void GreyGridHasTheLaidOutSizeValidChunksAndPixels()
    {
        // Five 3×4 tiles in 2 columns: 3 rows of tiles. Tile i is filled with i / 4.
        var images = arange(5, dtype: ScalarType.Float32).div(4).reshape(5, 1, 1, 1).expand(5, 1, 3, 4).contiguous();
        var path = Path.Combine(directory, "nested", "grid.png");

        ImageGrid.SavePng(path, images, columns: 2, padding: 1);

        var png = PngReader.Read(path);
        Assert.Equal("IHDR", png.Chunks[0]);
        Assert.Contains("IDAT", png.Chunks);
        Assert.Equal("IEND", png.Chunks[^1]);
        Assert.Equal(2 * 4 + 3 * 1, png.Width);
        Assert.Equal(3 * 3 + 4 * 1, png.Height);
        Assert.Equal(1, png.Channels);
        Assert.Equal(0, png.Pixel(0, 0)); // padding
        Assert.Equal(0, png.Pixel(1, 1)); // tile 0 is black
        Assert.Equal(64, png.Pixel(1, 6)); // tile 1 = 0.25 → 63.75 rounds to 64
        Assert.Equal(255, png.Pixel(9, 1)); // tile 4 = 1.0, third row
        Assert.Equal(0, png.Pixel(9, 6)); // no tile 5: background
        Assert.Empty(Directory.GetFiles(Path.Combine(directory, "nested"), "*.tmp"));
    }

    [Fact]
    public void ColourImagesAreInterleavedAndScaled()
    {
        var image = zeros(1, 3, 2, 2);
        image[0, 0] = tensor(1f); // red everywhere
        image[0, 2, 1, 1] = tensor(0.5f);
        var path = Path.Combine(directory, "colour.png");

        ImageGrid.SavePng(path, image, columns: 4, padding: 0, scale: 3);

        var png = PngReader.Read(path);
        Assert.Equal((6, 6, 3), (png.Width, png.Height, png.Channels));
        Assert.Equal(255, png.Pixel(0, 0, 0));
        Assert.Equal(0, png.Pixel(0, 0, 2));
        Assert.Equal(128, png.Pixel(5, 5, 2)); // 127.5 rounds half to even in torch: 128
        Assert.Equal(128, png.Pixel(3, 3, 2));
        Assert.Equal(0, png.Pixel(2, 2, 2));
    }

    [Fact]
    public void ComparisonPutsOriginalsAboveReconstructions()
    {
        var originals = ones(3, 4, 4);
        var reconstructions = zeros(3, 4, 4);
        var path = Path.Combine(directory, "comparison.png");

        ImageGrid.SaveComparison(path, originals, reconstructions);

        var png = PngReader.Read(path);
        Assert.Equal(3 * 4 + 4 * 2, png.Width);
        Assert.Equal(2 * 4 + 3 * 2, png.Height);
        Assert.Equal(255, png.Pixel(2, 2));
        Assert.Equal(0, png.Pixel(8, 2));
    }

    [Fact]
    public void ValuesOutsideTheUnitIntervalAreClamped()
    {
        var path = Path.Combine(directory, "clamp.png");
        ImageGrid.SavePng(path, tensor(new[] { -3f, 7f }, new long[] { 1, 1, 2 }), columns: 1, padding: 0);
        var png = PngReader.Read(path);
        Assert.Equal(new byte[] { 0, 255 }, png.Pixels);
    }

    [Fact]
    public void WrongShapesAreRejectedWithTheShapeInTheMessage()
    {
        var error = Assert.Throws<ArgumentException>(() => ImageGrid.SavePng(Path.Combine(directory, "x.png"), zeros(2, 2, 4, 4), 2));
        Assert.Contains("[2, 2, 4, 4]", error.Message);
        Assert.False(File.Exists(Path.Combine(directory, "x.png")));
    }
}
