using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;
using System.IO.Hashing;

namespace VaeDsl.Runtime.Data;

/// <summary>
/// Says what is wrong with a gzip file that .NET's decoder refused: .NET reports corrupt compressed data, a wrong
/// CRC-32 and a wrong length all as "unsupported compression method", so the file is read again step by step.
/// </summary>
internal static class GzipDamage
{
    private const byte Deflate = 8;
    private const byte HasHeaderCrc = 0x02;
    private const byte HasExtra = 0x04;
    private const byte HasName = 0x08;
    private const byte HasComment = 0x10;
    private const int TrailerLength = 8;

    /// <summary>What is wrong with the gzip file at <paramref name="path"/>, as the end of a sentence, or null when
    /// the step-by-step reading finds nothing (a file of several gzip members, say).</summary>
    public static string? Describe(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 10 + TrailerLength)
        {
            return $"it ends after {bytes.Length} bytes, inside its gzip header or trailer";
        }

        if (bytes[2] != Deflate)
        {
            return $"its gzip header names compression method {bytes[2]}; gzip files use 8 (deflate)";
        }

        var start = DataStart(bytes);
        if (start is null || start > bytes.Length - TrailerLength)
        {
            return "its gzip header is cut short";
        }

        var crc = new Crc32();
        long length = 0;
        try
        {
            using var inflate = new DeflateStream(new MemoryStream(bytes, start.Value, bytes.Length - start.Value), CompressionMode.Decompress);
            var buffer = new byte[81920];
            int read;
            while ((read = inflate.Read(buffer)) > 0)
            {
                crc.Append(buffer.AsSpan(0, read));
                length += read;
            }
        }
        catch (InvalidDataException)
        {
            return $"its compressed (deflate) data is corrupt after {length} decompressed bytes: the file is damaged";
        }

        var storedCrc = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(bytes.Length - TrailerLength));
        var storedLength = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4));
        if (crc.GetCurrentHashAsUInt32() != storedCrc)
        {
            return $"its data decompresses, but the CRC-32 in its gzip trailer (0x{storedCrc:X8}) does not match the data (0x{crc.GetCurrentHashAsUInt32():X8}): the file is damaged";
        }

        if ((uint)length != storedLength)
        {
            return $"its data decompresses to {length} bytes but its gzip trailer records {storedLength}: the file is damaged";
        }

        return null;
    }

    // RFC 1952: a 10-byte header, then the optional extra field, file name, comment and header CRC that its flags announce.
    private static int? DataStart(byte[] bytes)
    {
        var flags = bytes[3];
        var at = 10;
        if ((flags & HasExtra) != 0)
        {
            if (at + 2 > bytes.Length) return null;
            at += 2 + BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(at));
        }

        foreach (var flag in new[] { HasName, HasComment })
        {
            if ((flags & flag) == 0) continue;
            var end = Array.IndexOf(bytes, (byte)0, Math.Min(at, bytes.Length));
            if (end < 0) return null;
            at = end + 1;
        }

        if ((flags & HasHeaderCrc) != 0) at += 2;
        return at <= bytes.Length ? at : null;
    }
}
