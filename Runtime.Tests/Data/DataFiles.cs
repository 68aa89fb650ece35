using System;
using System.IO;
using System.Linq;
using System.Text;
using SkiaSharp;

namespace VaeDsl.Runtime.Tests.Data;

/// <summary>Writes the files the data readers are tested on: NumPy arrays by the format's specification, PNG and JPEG images by SkiaSharp.</summary>
internal static class DataFiles
{
    /// <summary>A version 1.0 .npy file as the format's documentation describes it: magic, version, header length,
    /// a Python dict literal padded with spaces to a multiple of 64 bytes, then the little-endian values.</summary>
    public static byte[] Npy(string descr, long[] shape, byte[] data, bool fortranOrder = false)
    {
        var dims = shape.Length == 1 ? $"({shape[0]},)" : $"({string.Join(", ", shape)})";
        var dict = $"{{'descr': '{descr}', 'fortran_order': {(fortranOrder ? "True" : "False")}, 'shape': {dims}, }}";
        var total = (10 + dict.Length + 1 + 63) / 64 * 64;
        var header = dict.PadRight(total - 10 - 1) + "\n";
        var bytes = new byte[10 + header.Length + data.Length];
        new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0 }.CopyTo(bytes, 0);
        BitConverter.GetBytes((ushort)header.Length).CopyTo(bytes, 8);
        Encoding.ASCII.GetBytes(header).CopyTo(bytes, 10);
        data.CopyTo(bytes, 10 + header.Length);
        return bytes;
    }

    public static byte[] Npy(float[] values, params long[] shape) => Npy("<f4", shape, values.SelectMany(BitConverter.GetBytes).ToArray());

    public static byte[] Npy(long[] values) => Npy("<i8", new long[] { values.Length }, values.SelectMany(BitConverter.GetBytes).ToArray());

    /// <summary>A .npz archive: a zip whose entries are .npy files named after the arrays.</summary>
    public static void Npz(string path, params (string Name, byte[] Npy)[] arrays)
    {
        using var zip = System.IO.Compression.ZipFile.Open(path, System.IO.Compression.ZipArchiveMode.Create);
        foreach (var (name, npy) in arrays)
        {
            using var entry = zip.CreateEntry(name + ".npy").Open();
            entry.Write(npy);
        }
    }

    /// <summary>Writes a grey (one byte per pixel) or RGB (three) image as PNG or JPEG.</summary>
    public static void Image(string path, byte[] pixels, int width, int height, int channels, SKEncodedImageFormat format = SKEncodedImageFormat.Png)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var info = new SKImageInfo(width, height, channels == 1 ? SKColorType.Gray8 : SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var bitmap = new SKBitmap(info);
        var target = bitmap.GetPixelSpan();
        for (var p = 0; p < width * height; p++)
        {
            if (channels == 1)
            {
                target[p] = pixels[p];
            }
            else
            {
                target[4 * p] = pixels[3 * p];
                target[(4 * p) + 1] = pixels[(3 * p) + 1];
                target[(4 * p) + 2] = pixels[(3 * p) + 2];
                target[(4 * p) + 3] = 255;
            }
        }

        using var data = bitmap.Encode(format, 95);
        File.WriteAllBytes(path, data.ToArray());
    }
}
