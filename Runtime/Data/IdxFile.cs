using System;
using System.Buffers.Binary;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;

namespace VaeDsl.Runtime.Data
{
    /// <summary>Reads IDX files, the format of the MNIST database, either gzipped or raw.</summary>
    /// <remarks>
    /// Layout: a 4-byte magic number 00 00 TT DD (TT element type, DD number of dimensions), DD big-endian
    /// 32-bit dimension sizes, then the elements in row-major order. Only unsigned bytes (TT = 0x08) are read.
    /// Gzip is recognised by its magic bytes 1F 8B, not by the file name.
    /// </remarks>
    public static class IdxFile
    {
        private const byte UnsignedByteType = 0x08;
        private const int GrowthStart = 1 << 20;

        /// <summary>Reads the unsigned-byte IDX file at <paramref name="path"/> (gzipped or not).</summary>
        /// <exception cref="FileNotFoundException">The file does not exist.</exception>
        /// <exception cref="InvalidFileException">The path is a directory.</exception>
        /// <exception cref="IdxFormatException">The content is not a complete unsigned-byte IDX array.</exception>
        public static IdxArray Read(string path)
        {
            ArgumentNullException.ThrowIfNull(path);
            FileChecks.RequireFile(path, "IDX file");

            using FileStream file = File.OpenRead(path);
            if (!StartsWithGzipMagic(file))
            {
                file.Position = 0;
                return ReadIdx(path, file, file.Length, gzipped: false);
            }

            file.Position = 0;
            using var decompressed = new GZipStream(file, CompressionMode.Decompress);
            return ReadIdx(path, decompressed, knownLength: null, gzipped: true);
        }

        private static bool StartsWithGzipMagic(Stream file)
        {
            Span<byte> magic = stackalloc byte[2];
            return file.ReadAtLeast(magic, 2, throwOnEndOfStream: false) == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
        }

        // knownLength is the total byte count when the stream is a plain file, so sizes are checked before allocating.
        private static IdxArray ReadIdx(string path, Stream stream, long? knownLength, bool gzipped)
        {
            string decompressedNote = gzipped ? " once decompressed" : "";

            Span<byte> magic = stackalloc byte[4];
            int magicRead = ReadAsMuchAs(path, stream, magic);
            if (magicRead < 4)
            {
                throw new IdxFormatException(path, magicRead == 0
                    ? Invariant($"IDX file '{path}' is empty{decompressedNote}; it should start with a 4-byte IDX magic number.")
                    : Invariant($"IDX file '{path}' ends after {magicRead} bytes{decompressedNote}, inside its 4-byte IDX magic number."));
            }

            byte type = magic[2];
            int rank = magic[3];
            if (magic[0] != 0 || magic[1] != 0 || ElementTypeName(type) is null || rank == 0)
            {
                uint value = BinaryPrimitives.ReadUInt32BigEndian(magic);
                string nameNote = !gzipped && path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
                    ? "; its name ends in .gz but it is not gzip-compressed either (no 1F 8B gzip magic)"
                    : "";
                string what = gzipped ? $"IDX file '{path}' is gzipped but its content starts" : $"IDX file '{path}' starts";
                throw new IdxFormatException(path, Invariant(
                    $"{what} with 0x{value:X8}, not an IDX magic number (expected 0x000008NN: unsigned bytes, NN dimensions){nameNote}."));
            }

            if (type != UnsignedByteType)
            {
                throw new IdxFormatException(path, Invariant(
                    $"IDX file '{path}' holds elements of type 0x{type:X2} ({ElementTypeName(type)}); only unsigned bytes (type 0x08) are supported."));
            }

            int headerLength = 4 + 4 * rank;
            var sizes = new byte[4 * rank];
            int sizesRead = ReadAsMuchAs(path, stream, sizes);
            if (sizesRead < sizes.Length)
            {
                throw new IdxFormatException(path, Invariant(
                    $"IDX file '{path}' ends after {4 + sizesRead} bytes{decompressedNote}, inside its header: the magic number declares {rank} dimensions, so the header needs {headerLength} bytes."));
            }

            var shape = new int[rank];
            long elementCount = 1;
            for (int i = 0; i < rank; i++)
            {
                uint size = BinaryPrimitives.ReadUInt32BigEndian(sizes.AsSpan(4 * i, 4));
                if (size > int.MaxValue)
                {
                    throw new IdxFormatException(path, Invariant(
                        $"IDX file '{path}' declares dimension {i} of size {size}, more than the largest supported size {int.MaxValue}."));
                }

                shape[i] = (int)size;
                // Each factor is below 2^31 and the running product stays below Array.MaxLength, so no overflow.
                elementCount *= size;
                if (elementCount > Array.MaxLength)
                {
                    throw new IdxFormatException(path, Invariant(
                        $"IDX file '{path}' declares shape [{string.Join(", ", shape.Take(i + 1))}{(i + 1 < rank ? ", ..." : "")}], more than {Array.MaxLength} bytes, the most one array can hold."));
                }
            }

            long expectedLength = headerLength + elementCount;
            if (knownLength is long actualLength)
            {
                if (actualLength < expectedLength)
                {
                    throw Truncated(path, actualLength, shape, expectedLength, headerLength, decompressedNote);
                }

                if (actualLength > expectedLength)
                {
                    throw TrailingData(path, actualLength - expectedLength, shape, expectedLength, decompressedNote);
                }

                var exact = new byte[elementCount];
                stream.ReadExactly(exact);
                return new IdxArray(shape, exact);
            }

            byte[] data = ReadDeclaredBytes(path, stream, (int)elementCount, shape, headerLength, decompressedNote);
            long trailing = CountRemainingBytes(path, stream);
            if (trailing > 0)
            {
                throw TrailingData(path, trailing, shape, expectedLength, decompressedNote);
            }

            return new IdxArray(shape, data);
        }

        // Grows the buffer only as data actually arrives, so a header declaring a huge array cannot force a huge allocation.
        private static byte[] ReadDeclaredBytes(string path, Stream stream, int count, int[] shape, int headerLength, string decompressedNote)
        {
            var buffer = new byte[Math.Min(count, GrowthStart)];
            int filled = 0;
            while (filled < count)
            {
                if (filled == buffer.Length)
                {
                    Array.Resize(ref buffer, (int)Math.Min(count, 2L * buffer.Length));
                }

                int read = ReadAsMuchAs(path, stream, buffer.AsSpan(filled, buffer.Length - filled));
                filled += read;
                if (filled < buffer.Length)
                {
                    throw Truncated(path, headerLength + filled, shape, headerLength + (long)count, headerLength, decompressedNote);
                }
            }

            return buffer;
        }

        private static long CountRemainingBytes(string path, Stream stream)
        {
            var scratch = new byte[81920];
            long total = 0;
            int read;
            while ((read = ReadAsMuchAs(path, stream, scratch)) > 0)
            {
                total += read;
            }

            return total;
        }

        // Reads until the span is full or the stream ends; a gzip decoding failure becomes an error naming the file.
        private static int ReadAsMuchAs(string path, Stream stream, Span<byte> destination)
        {
            try
            {
                return stream.ReadAtLeast(destination, destination.Length, throwOnEndOfStream: false);
            }
            catch (InvalidDataException e)
            {
                throw new IdxFormatException(path, $"IDX file '{path}' starts like a gzip file but cannot be decompressed: {GzipDamage.Describe(path) ?? e.Message}.", e);
            }
        }

        private static IdxFormatException Truncated(string path, long actualLength, int[] shape, long expectedLength, int headerLength, string decompressedNote)
        {
            return new IdxFormatException(path, Invariant(
                $"IDX file '{path}' ends after {actualLength} bytes{decompressedNote} but its header declares {DescribeShape(shape)}, which need {expectedLength} bytes including the {headerLength}-byte header; the file is truncated."));
        }

        private static IdxFormatException TrailingData(string path, long extraBytes, int[] shape, long expectedLength, string decompressedNote)
        {
            return new IdxFormatException(path, Invariant(
                $"IDX file '{path}' has {extraBytes} bytes{decompressedNote} after the {expectedLength} bytes its header declares ({DescribeShape(shape)}); the header does not match the data."));
        }

        // "8000 entries of 28×28 bytes" reads better than a bare shape in an error message.
        private static string DescribeShape(int[] shape)
        {
            string count = shape[0].ToString(CultureInfo.InvariantCulture);
            return shape.Length == 1
                ? $"{count} one-byte entries"
                : $"{count} entries of {string.Join("×", shape.Skip(1).Select(d => d.ToString(CultureInfo.InvariantCulture)))} bytes";
        }

        private static string? ElementTypeName(byte type) => type switch
        {
            0x08 => "unsigned byte",
            0x09 => "signed byte",
            0x0B => "16-bit integer",
            0x0C => "32-bit integer",
            0x0D => "32-bit float",
            0x0E => "64-bit float",
            _ => null,
        };

        private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
    }
}
