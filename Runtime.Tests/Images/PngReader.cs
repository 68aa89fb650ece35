using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Text;
using SkiaSharp;

namespace VaeDsl.Runtime.Tests.Images;

/// <summary>A PNG reader for tests: checks the signature, every chunk's CRC and the header, and decodes the pixels.</summary>
internal sealed class PngReader
{
    private PngReader(int width, int height, int channels, byte[] pixels, IReadOnlyList<string> chunks)
    {
        Width = width;
        Height = height;
        Channels = channels;
        Pixels = pixels;
        Chunks = chunks;
    }

    public int Width { get; }
    public int Height { get; }
    public int Channels { get; }
    public byte[] Pixels { get; }
    public IReadOnlyList<string> Chunks { get; }

    public byte Pixel(int row, int column, int channel = 0) => Pixels[(row * Width + column) * Channels + channel];

    public static PngReader Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var signature = new byte[] { 137, 80, 78, 71, 13, 10, 26, 10 };
        if (!bytes.AsSpan(0, 8).SequenceEqual(signature))
        {
            throw new InvalidDataException("bad PNG signature");
        }

        int width = 0, height = 0, channels = 0;
        var chunks = new List<string>();
        var offset = 8;
        while (offset < bytes.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(offset));
            var type = Encoding.ASCII.GetString(bytes, offset + 4, 4);
            var data = bytes.AsSpan(offset + 8, length);
            var storedCrc = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(offset + 8 + length));
            if (BitwiseCrc(bytes.AsSpan(offset + 4, 4 + length)) != storedCrc)
            {
                throw new InvalidDataException($"bad CRC in chunk {type}");
            }

            chunks.Add(type);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                if (data[8] != 8)
                {
                    throw new InvalidDataException("bit depth is not 8");
                }

                channels = data[9] switch { 0 => 1, 2 => 3, _ => throw new InvalidDataException("unexpected colour type") };
            }
            offset += 12 + length;
        }

        // The chunks are checked here by hand; the pixels are decoded by Skia, which undoes every PNG row filter.
        var decoded = SKBitmap.Decode(bytes, new SKImageInfo(width, height, channels == 1 ? SKColorType.Gray8 : SKColorType.Rgba8888, SKAlphaType.Opaque))
            ?? throw new InvalidDataException("Skia cannot decode the PNG");
        var stride = width * channels;
        var pixels = new byte[height * stride];
        for (var r = 0; r < height; r++)
        {
            for (var c = 0; c < width; c++)
            {
                var colour = decoded.GetPixel(c, r);
                if (channels == 1)
                {
                    pixels[r * stride + c] = colour.Red;
                }
                else
                {
                    pixels[r * stride + 3 * c] = colour.Red;
                    pixels[r * stride + 3 * c + 1] = colour.Green;
                    pixels[r * stride + 3 * c + 2] = colour.Blue;
                }
            }
        }

        return new PngReader(width, height, channels, pixels, chunks);
    }

    // Bit by bit, straight from the PNG specification's definition, independent of the encoder's table.
    private static uint BitwiseCrc(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc >> 1) ^ (0xEDB88320u & (uint)-(int)(crc & 1));
            }
        }

        return ~crc;
    }
}
