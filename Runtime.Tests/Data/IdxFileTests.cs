using System;
using System.IO;
using VaeDsl.Runtime.Data;
using Xunit;
using VaeDsl.Testing;

namespace VaeDsl.Runtime.Tests.Data
{
    public sealed class IdxFileTests : IDisposable
    {
        private readonly TemporaryFolder _folder = new();

        public void Dispose() => _folder.Dispose();

        [Fact]
        public void RawFileRoundTripsShapeAndBytes()
        {
            byte[] elements = IdxBytes.Sequence(24);
            string path = _folder.Write("small-idx3-ubyte", IdxBytes.UnsignedBytes(new[] { 3, 2, 4 }, elements));

            IdxArray array = IdxFile.Read(path);

            Assert.Equal(new[] { 3, 2, 4 }, array.Shape);
            Assert.Equal(elements, array.Data);
        }

        [Fact]
        public void GzippedFileRoundTripsShapeAndBytes()
        {
            byte[] elements = IdxBytes.Sequence(5000);
            string path = _folder.WriteGzipped("small-idx1-ubyte.gz", IdxBytes.UnsignedBytes(new[] { 5000 }, elements));

            IdxArray array = IdxFile.Read(path);

            Assert.Equal(new[] { 5000 }, array.Shape);
            Assert.Equal(elements, array.Data);
        }

        [Fact]
        public void GzipIsRecognisedByContentNotByName()
        {
            byte[] elements = IdxBytes.Sequence(6);
            string gzippedWithoutSuffix = _folder.WriteGzipped("no-suffix", IdxBytes.UnsignedBytes(new[] { 2, 3 }, elements));
            string rawWithGzSuffix = _folder.Write("raw.gz", IdxBytes.UnsignedBytes(new[] { 2, 3 }, elements));

            Assert.Equal(elements, IdxFile.Read(gzippedWithoutSuffix).Data);
            Assert.Equal(elements, IdxFile.Read(rawWithGzSuffix).Data);
        }

        [Fact]
        public void ZeroEntriesGiveAnEmptyArray()
        {
            string path = _folder.Write("empty-idx3-ubyte", IdxBytes.UnsignedBytes(new[] { 0, 28, 28 }, Array.Empty<byte>()));

            IdxArray array = IdxFile.Read(path);

            Assert.Equal(new[] { 0, 28, 28 }, array.Shape);
            Assert.Empty(array.Data);
        }

        [Fact]
        public void MissingFileIsNamed()
        {
            string path = Path.Combine(_folder.Path, "absent-idx3-ubyte.gz");

            var error = Assert.Throws<FileNotFoundException>(() => IdxFile.Read(path));

            Assert.Equal(path, error.FileName);
            Assert.Contains(path, error.Message);
            Assert.Contains("does not exist", error.Message);
        }

        [Fact]
        public void ADirectoryInPlaceOfTheFileIsCalledADirectory()
        {
            string path = Path.Combine(_folder.Path, "train-images-idx3-ubyte.gz");
            Directory.CreateDirectory(path);

            var error = Assert.Throws<InvalidFileException>(() => IdxFile.Read(path));

            Assert.Equal($"IDX file '{path}' is a directory, not a file.", error.Message);
            Assert.Equal(path, error.FilePath);
        }

        [Fact]
        public void TruncatedRawFileSaysHowLongItIsAndWhatTheHeaderDeclares()
        {
            string path = _folder.Write("cut-idx3-ubyte", IdxBytes.UnsignedBytes(new[] { 5, 28, 28 }, IdxBytes.Sequence(2 * 784)));

            var error = Assert.Throws<IdxFormatException>(() => IdxFile.Read(path));

            Assert.Equal(path, error.FilePath);
            Assert.Contains(path, error.Message);
            Assert.Contains("ends after 1584 bytes", error.Message);
            Assert.Contains("declares 5 entries of 28×28 bytes", error.Message);
            Assert.Contains("need 3936 bytes including the 16-byte header", error.Message);
            Assert.Contains("truncated", error.Message);
        }

        [Fact]
        public void TruncatedGzippedFileCountsDecompressedBytes()
        {
            string path = _folder.WriteGzipped("cut-idx1-ubyte.gz", IdxBytes.UnsignedBytes(new[] { 100 }, IdxBytes.Sequence(40)));

            var error = Assert.Throws<IdxFormatException>(() => IdxFile.Read(path));

            Assert.Equal(path, error.FilePath);
            Assert.Contains("ends after 48 bytes once decompressed", error.Message);
            Assert.Contains("declares 100 one-byte entries", error.Message);
        }

        [Fact]
        public void DataBeyondTheDeclaredShapeIsReported()
        {
            string path = _folder.Write("long-idx1-ubyte", IdxBytes.UnsignedBytes(new[] { 4 }, IdxBytes.Sequence(7)));

            var error = Assert.Throws<IdxFormatException>(() => IdxFile.Read(path));

            Assert.Contains(path, error.Message);
            Assert.Contains("has 3 bytes after the 12 bytes its header declares", error.Message);
        }

        [Fact]
        public void WrongMagicNumberIsShownInHex()
        {
            string path = _folder.Write("text-idx3-ubyte", "hello, world"u8.ToArray());

            var error = Assert.Throws<IdxFormatException>(() => IdxFile.Read(path));

            Assert.Equal(path, error.FilePath);
            Assert.Contains(path, error.Message);
            Assert.Contains("starts with 0x68656C6C, not an IDX magic number", error.Message);
        }

        [Fact]
        public void FileNamedGzThatIsNotGzipSaysSo()
        {
            string path = _folder.Write("fake-idx3-ubyte.gz", "<html>not found</html>"u8.ToArray());

            var error = Assert.Throws<IdxFormatException>(() => IdxFile.Read(path));

            Assert.Contains(path, error.Message);
            Assert.Contains("starts with 0x3C68746D, not an IDX magic number", error.Message);
            Assert.Contains("name ends in .gz but it is not gzip-compressed", error.Message);
        }

        [Fact]
        public void CorruptGzipIsReportedNotThrownRaw()
        {
            // A gzip header (1F 8B, deflate, no flags) followed by bytes that are not a valid deflate stream.
            byte[] corrupt = { 0x1F, 0x8B, 0x08, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };
            string path = _folder.Write("corrupt-idx3-ubyte.gz", corrupt);

            var error = Assert.Throws<IdxFormatException>(() => IdxFile.Read(path));

            Assert.Equal(path, error.FilePath);
            Assert.Contains(path, error.Message);
            Assert.Equal($"IDX file '{path}' starts like a gzip file but cannot be decompressed: its compressed (deflate) data is corrupt after 0 decompressed bytes: the file is damaged.", error.Message);
        }

        [Fact]
        public void ABadGzipChecksumIsToldApartFromCorruptData()
        {
            string path = _folder.WriteGzipped("crc-idx1-ubyte.gz", IdxBytes.UnsignedBytes(new[] { 100 }, IdxBytes.Sequence(100)));
            byte[] bytes = File.ReadAllBytes(path);
            bytes[^8] ^= 0xFF; // the first byte of the CRC-32 in the gzip trailer
            File.WriteAllBytes(path, bytes);

            var error = Assert.Throws<IdxFormatException>(() => IdxFile.Read(path));

            Assert.StartsWith($"IDX file '{path}' starts like a gzip file but cannot be decompressed: its data decompresses, but the CRC-32 in its gzip trailer", error.Message);
            Assert.EndsWith("does not match the data (0x" + System.IO.Hashing.Crc32.HashToUInt32(IdxBytes.UnsignedBytes(new[] { 100 }, IdxBytes.Sequence(100))).ToString("X8", System.Globalization.CultureInfo.InvariantCulture) + "): the file is damaged.", error.Message);
        }

        [Fact]
        public void EmptyFileIsReported()
        {
            string path = _folder.Write("empty", Array.Empty<byte>());

            var error = Assert.Throws<IdxFormatException>(() => IdxFile.Read(path));

            Assert.Contains(path, error.Message);
            Assert.Contains("is empty", error.Message);
        }

        [Fact]
        public void HeaderCutShortIsReported()
        {
            byte[] partialHeader = { 0, 0, 0x08, 3, 0, 0, 0x1F, 0x40, 0 };
            string path = _folder.Write("header-idx3-ubyte", partialHeader);

            var error = Assert.Throws<IdxFormatException>(() => IdxFile.Read(path));

            Assert.Contains("ends after 9 bytes, inside its header", error.Message);
            Assert.Contains("needs 16 bytes", error.Message);
        }

        [Fact]
        public void OtherElementTypesAreNamedAndRefused()
        {
            string path = _folder.Write("floats-idx1-ubyte", IdxBytes.WithMagic(0x0D, new[] { 2 }, new byte[8]));

            var error = Assert.Throws<IdxFormatException>(() => IdxFile.Read(path));

            Assert.Contains(path, error.Message);
            Assert.Contains("type 0x0D (32-bit float)", error.Message);
            Assert.Contains("only unsigned bytes (type 0x08)", error.Message);
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void HugeDeclaredSizeWithLittleDataIsTruncationNotOutOfMemory(bool gzipped)
        {
            // One billion images of 1×1 declared, ten bytes present: must fail on length, not allocate a gigabyte.
            byte[] content = IdxBytes.UnsignedBytes(new[] { 1_000_000_000, 1, 1 }, IdxBytes.Sequence(10));
            string path = gzipped ? _folder.WriteGzipped("huge-idx3-ubyte.gz", content) : _folder.Write("huge-idx3-ubyte", content);

            var error = Assert.Throws<IdxFormatException>(() => IdxFile.Read(path));

            Assert.Contains("ends after 26 bytes", error.Message);
            Assert.Contains("declares 1000000000 entries of 1×1 bytes", error.Message);
        }

        [Fact]
        public void ShapeBeyondOneArrayIsRefusedBeforeReading()
        {
            string path = _folder.Write("enormous-idx3-ubyte", IdxBytes.UnsignedBytes(new[] { 100_000, 100_000, 28 }, Array.Empty<byte>()));

            var error = Assert.Throws<IdxFormatException>(() => IdxFile.Read(path));

            Assert.Contains(path, error.Message);
            Assert.Contains("the most one array can hold", error.Message);
        }

        [Fact]
        public void DimensionAboveInt32IsRefused()
        {
            byte[] header = { 0, 0, 0x08, 1, 0xFF, 0xFF, 0xFF, 0xFF };
            string path = _folder.Write("negative-idx1-ubyte", header);

            var error = Assert.Throws<IdxFormatException>(() => IdxFile.Read(path));

            Assert.Contains("dimension 0 of size 4294967295", error.Message);
        }
    }
}
