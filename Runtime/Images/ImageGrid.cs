using System;
using SkiaSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Images;

/// <summary>Saves batches of images as one PNG grid (samples, reconstructions, traversals).</summary>
public static class ImageGrid
{
    /// <summary>
    /// Saves <paramref name="images"/> ([N, C, H, W] with C = 1 or 3, or [N, H, W]; values in 0..1, clamped) as a
    /// grid with <paramref name="columns"/> columns, <paramref name="padding"/> black pixels between and around
    /// the tiles, each pixel enlarged <paramref name="scale"/> times. Creates the directory and writes atomically.
    /// </summary>
    public static void SavePng(string path, Tensor images, int columns, int padding = 2, int scale = 1)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(images);
        if (columns <= 0 || padding < 0 || scale <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(columns), $"columns ({columns}) and scale ({scale}) must be positive and padding ({padding}) non-negative");
        }

        byte[] pixels;
        int width, height, channels;
        using (NewDisposeScope())
        using (no_grad())
        {
            var batch = ToNchw(images);
            var n = (int)batch.shape[0];
            channels = (int)batch.shape[1];
            var tileHeight = (int)batch.shape[2] * scale;
            var tileWidth = (int)batch.shape[3] * scale;
            if (scale > 1)
            {
                batch = batch.repeat_interleave(scale, dim: 2).repeat_interleave(scale, dim: 3);
            }

            var rows = (n + columns - 1) / columns;
            var shownColumns = Math.Min(columns, n);
            height = rows * tileHeight + (rows + 1) * padding;
            width = shownColumns * tileWidth + (shownColumns + 1) * padding;

            var canvas = zeros(new long[] { channels, height, width }, dtype: ScalarType.Byte, device: CPU);
            var bytes = batch.detach().to(ScalarType.Float32).clamp(0, 1).mul(255).round().to(ScalarType.Byte);
            for (var i = 0; i < n; i++)
            {
                var top = padding + (i / columns) * (tileHeight + padding);
                var left = padding + (i % columns) * (tileWidth + padding);
                canvas.narrow(1, top, tileHeight).narrow(2, left, tileWidth).copy_(bytes[i]);
            }

            // Skia takes interleaved pixels, [H, W, C]; colour goes as RGBA with an opaque alpha, which its PNG encoder drops.
            if (channels == 3)
            {
                canvas = cat(new[] { canvas, full(new long[] { 1, height, width }, 255, dtype: ScalarType.Byte, device: CPU) }, 0);
            }

            pixels = canvas.permute(1, 2, 0).contiguous().data<byte>().ToArray();
        }

        var info = new SKImageInfo(width, height, channels == 1 ? SKColorType.Gray8 : SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var image = SKImage.FromPixelCopy(info, pixels);
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        AtomicFile.WriteAllBytes(path, png.ToArray());
    }

    /// <summary>
    /// Saves originals in the top row and their reconstructions in the row below (same shapes, values 0..1).
    /// </summary>
    public static void SaveComparison(string path, Tensor originals, Tensor reconstructions, int padding = 2, int scale = 1)
    {
        ArgumentNullException.ThrowIfNull(originals);
        ArgumentNullException.ThrowIfNull(reconstructions);
        using var scope = NewDisposeScope();
        var top = ToNchw(originals);
        var bottom = ToNchw(reconstructions);
        if (!top.shape.AsSpan().SequenceEqual(bottom.shape))
        {
            throw new ArgumentException(
                $"originals [{string.Join(", ", originals.shape)}] and reconstructions [{string.Join(", ", reconstructions.shape)}] must have the same shape");
        }

        SavePng(path, cat(new[] { top, bottom }, 0), (int)top.shape[0], padding, scale);
    }

    // Pictures are drawn on the CPU, wherever the images were computed.
    private static Tensor ToNchw(Tensor images) => images.dim() switch
    {
        3 => images.detach().cpu().unsqueeze(1),
        4 when images.shape[1] == 1 || images.shape[1] == 3 => images.detach().cpu(),
        _ => throw new ArgumentException(
            $"images must be [N, H, W] or [N, C, H, W] with C = 1 or 3 but are [{string.Join(", ", images.shape)}]", nameof(images)),
    };
}
