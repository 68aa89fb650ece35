using System;
using System.IO;
using TorchSharp;
using VaeDsl.Runtime.Data;
using VaeDsl.Testing;
using Xunit;

namespace VaeDsl.Runtime.Tests.Data
{
    public sealed class MnistTests : IDisposable
    {
        private readonly TemporaryFolder _folder = new();

        public void Dispose() => _folder.Dispose();

        // Per-digit counts, byte sums and sample values of the shipped split, computed with Python's gzip module.
        [Theory]
        [InlineData("train", 8000, new[] { 804, 892, 787, 825, 798, 684, 807, 863, 759, 781 }, 209204057L, 1, 253)]
        [InlineData("test", 2000, new[] { 197, 235, 204, 207, 182, 179, 207, 207, 185, 197 }, 52942543L, 9, 77)]
        public void ShippedSplitHasTheExpectedImagesAndLabels(string split, int count, int[] perDigit, long byteSum, int firstLabel, int firstCentrePixel)
        {
            (torch.Tensor images, torch.Tensor labels) = Mnist.Load(RepositoryRoot.File("data", "mnist"), split);
            using (images)
            using (labels)
            {
                Assert.Equal(new long[] { count, 1, 28, 28 }, images.shape);
                Assert.Equal(torch.ScalarType.Float32, images.dtype);
                Assert.Equal(new long[] { count }, labels.shape);
                Assert.Equal(torch.ScalarType.Int64, labels.dtype);

                Assert.Equal(0f, images.min().item<float>());
                Assert.Equal(1f, images.max().item<float>());
                // Scaling back by 255 must recover every byte exactly, so the byte sum matches Python's.
                Assert.Equal(byteSum, images.mul(255f).round().to_type(torch.ScalarType.Int64).sum().item<long>());
                double mean = images.to_type(torch.ScalarType.Float64).mean().item<double>();
                Assert.Equal(byteSum / 255.0 / (count * 784.0), mean, 1e-7);
                Assert.InRange(mean, 0.12, 0.14);
                Assert.Equal(firstCentrePixel / 255f, images[0, 0, 14, 14].item<float>());

                long[] labelValues = labels.data<long>().ToArray();
                Assert.Equal(firstLabel, labelValues[0]);
                var counted = new int[10];
                foreach (long label in labelValues)
                {
                    Assert.InRange(label, 0, 9);
                    counted[label]++;
                }

                Assert.Equal(perDigit, counted);
                Assert.All(counted, c => Assert.True(c > 0));
            }
        }

        [Fact]
        public void SmallRawSetLoadsWithPixelsScaledByOneOver255()
        {
            byte[] pixels = IdxBytes.Sequence(2 * 784);
            _folder.Write("t10k-images-idx3-ubyte", IdxBytes.UnsignedBytes(new[] { 2, 28, 28 }, pixels));
            _folder.Write("t10k-labels-idx1-ubyte", IdxBytes.UnsignedBytes(new[] { 2 }, new byte[] { 7, 0 }));

            (torch.Tensor images, torch.Tensor labels) = Mnist.Load(_folder.Path, "test");
            using (images)
            using (labels)
            {
                float[] values = images.data<float>().ToArray();
                Assert.Equal(pixels.Length, values.Length);
                for (int i = 0; i < pixels.Length; i++)
                {
                    Assert.Equal(pixels[i] / 255f, values[i]);
                }

                Assert.Equal(new long[] { 7, 0 }, labels.data<long>().ToArray());
            }
        }

        [Theory]
        [InlineData("t10k", true)]
        [InlineData("test", true)]
        [InlineData("test", false)]
        public void TheTestPairIsFoundUnderMnistsT10kNamesOrUnderTestNames(string prefix, bool gzipped)
        {
            byte[] pixels = IdxBytes.Sequence(3 * 784);
            byte[] images = IdxBytes.UnsignedBytes(new[] { 3, 28, 28 }, pixels);
            byte[] labels = IdxBytes.UnsignedBytes(new[] { 3 }, new byte[] { 4, 1, 9 });
            Func<string, byte[], string> write = gzipped ? _folder.WriteGzipped : _folder.Write;
            string suffix = gzipped ? ".gz" : string.Empty;
            write($"{prefix}-images-idx3-ubyte{suffix}", images);
            write($"{prefix}-labels-idx1-ubyte{suffix}", labels);

            (torch.Tensor imageTensor, torch.Tensor labelTensor) = Mnist.Load(_folder.Path, "test");
            using (imageTensor)
            using (labelTensor)
            {
                Assert.Equal(new long[] { 3, 1, 28, 28 }, imageTensor.shape);
                Assert.Equal(pixels[1000] / 255f, imageTensor.flatten()[1000].item<float>());
                Assert.Equal(new long[] { 4, 1, 9 }, labelTensor.data<long>().ToArray());
            }
        }

        [Fact]
        public void WhenBothNamesAreThereTheT10kFilesAreRead()
        {
            _folder.WriteGzipped("t10k-images-idx3-ubyte.gz", IdxBytes.UnsignedBytes(new[] { 1, 28, 28 }, new byte[784]));
            _folder.WriteGzipped("t10k-labels-idx1-ubyte.gz", IdxBytes.UnsignedBytes(new[] { 1 }, new byte[] { 2 }));
            _folder.WriteGzipped("test-images-idx3-ubyte.gz", IdxBytes.UnsignedBytes(new[] { 2, 28, 28 }, new byte[2 * 784]));
            _folder.WriteGzipped("test-labels-idx1-ubyte.gz", IdxBytes.UnsignedBytes(new[] { 2 }, new byte[] { 5, 6 }));

            (torch.Tensor images, torch.Tensor labels) = Mnist.Load(_folder.Path, "test");
            using (images)
            using (labels)
            {
                Assert.Equal(new long[] { 2 }, labels.data<long>().ToArray());
            }
        }

        [Fact]
        public void AMissingTestFileNamesEveryNameItWasLookedForUnder()
        {
            _folder.WriteGzipped("test-images-idx3-ubyte.gz", IdxBytes.UnsignedBytes(new[] { 1, 28, 28 }, new byte[784]));

            var error = Assert.Throws<FileNotFoundException>(() => Mnist.Load(_folder.Path, "test"));

            string expected = Path.Combine(_folder.Path, "t10k-labels-idx1-ubyte.gz");
            Assert.Equal(expected, error.FileName);
            Assert.StartsWith($"MNIST test labels file '{expected}' not found (nor 't10k-labels-idx1-ubyte', 'test-labels-idx1-ubyte.gz', 'test-labels-idx1-ubyte'); the folder '{_folder.Path}' should hold", error.Message);
        }

        [Fact]
        public void UnknownSplitIsRefused()
        {
            var error = Assert.Throws<ArgumentException>(() => Mnist.Load(RepositoryRoot.File("data", "mnist"), "validation"));

            Assert.Contains("'validation'", error.Message);
            Assert.Contains("\"train\" or \"test\"", error.Message);
        }

        [Fact]
        public void MissingFolderIsNamedWithTheExpectedFiles()
        {
            string folder = Path.Combine(_folder.Path, "nowhere");

            var error = Assert.Throws<DirectoryNotFoundException>(() => Mnist.Load(folder, "train"));

            Assert.Contains(folder, error.Message);
            Assert.Contains("train-images-idx3-ubyte.gz", error.Message);
        }

        [Fact]
        public void ADirectoryUnderAnMnistFileNameIsCalledADirectoryNotMissing()
        {
            string images = Path.Combine(_folder.Path, "train-images-idx3-ubyte.gz");
            Directory.CreateDirectory(images);
            _folder.WriteGzipped("train-labels-idx1-ubyte.gz", IdxBytes.UnsignedBytes(new[] { 1 }, new byte[1]));

            var error = Assert.Throws<InvalidFileException>(() => Mnist.Load(_folder.Path, "train"));

            Assert.Equal($"IDX file '{images}' is a directory, not a file.", error.Message);
        }

        [Fact]
        public void MissingLabelsFileIsNamedWithTheExpectedFiles()
        {
            _folder.WriteGzipped("train-images-idx3-ubyte.gz", IdxBytes.UnsignedBytes(new[] { 1, 28, 28 }, new byte[784]));

            var error = Assert.Throws<FileNotFoundException>(() => Mnist.Load(_folder.Path, "train"));

            string expected = Path.Combine(_folder.Path, "train-labels-idx1-ubyte.gz");
            Assert.Equal(expected, error.FileName);
            Assert.Contains(expected, error.Message);
            Assert.Contains("train labels", error.Message);
            Assert.Contains("t10k-images-idx3-ubyte.gz", error.Message);
        }

        [Fact]
        public void ImageAndLabelCountsMustAgree()
        {
            string imagesPath = _folder.WriteGzipped("train-images-idx3-ubyte.gz", IdxBytes.UnsignedBytes(new[] { 3, 28, 28 }, new byte[3 * 784]));
            string labelsPath = _folder.WriteGzipped("train-labels-idx1-ubyte.gz", IdxBytes.UnsignedBytes(new[] { 2 }, new byte[] { 1, 2 }));

            var error = Assert.Throws<IdxFormatException>(() => Mnist.Load(_folder.Path, "train"));

            Assert.Equal(labelsPath, error.FilePath);
            Assert.Contains($"'{labelsPath}' holds 2 labels", error.Message);
            Assert.Contains($"'{imagesPath}' holds 3 images", error.Message);
        }

        [Fact]
        public void ImagesMustBe28By28()
        {
            string imagesPath = _folder.Write("train-images-idx3-ubyte", IdxBytes.UnsignedBytes(new[] { 1, 27, 28 }, new byte[27 * 28]));
            _folder.Write("train-labels-idx1-ubyte", IdxBytes.UnsignedBytes(new[] { 1 }, new byte[] { 3 }));

            var error = Assert.Throws<IdxFormatException>(() => Mnist.Load(_folder.Path, "train"));

            Assert.Equal(imagesPath, error.FilePath);
            Assert.Contains("shape [1, 27, 28]", error.Message);
            Assert.Contains("expected [N, 28, 28]", error.Message);
        }

        [Fact]
        public void LabelsAboveNineAreRefused()
        {
            _folder.Write("train-images-idx3-ubyte", IdxBytes.UnsignedBytes(new[] { 2, 28, 28 }, new byte[2 * 784]));
            string labelsPath = _folder.Write("train-labels-idx1-ubyte", IdxBytes.UnsignedBytes(new[] { 2 }, new byte[] { 4, 10 }));

            var error = Assert.Throws<IdxFormatException>(() => Mnist.Load(_folder.Path, "train"));

            Assert.Equal(labelsPath, error.FilePath);
            Assert.Contains("label 10 at index 1", error.Message);
        }

        [Fact]
        public void TruncatedShippedStyleFileNamesTheFile()
        {
            byte[] header = IdxBytes.UnsignedBytes(new[] { 2000, 28, 28 }, IdxBytes.Sequence(1000));
            string imagesPath = _folder.WriteGzipped("t10k-images-idx3-ubyte.gz", header);
            _folder.WriteGzipped("t10k-labels-idx1-ubyte.gz", IdxBytes.UnsignedBytes(new[] { 2000 }, new byte[2000]));

            var error = Assert.Throws<IdxFormatException>(() => Mnist.Load(_folder.Path, "test"));

            Assert.Equal(imagesPath, error.FilePath);
            Assert.Contains("ends after 1016 bytes once decompressed but its header declares 2000 entries of 28×28 bytes", error.Message);
        }
    }
}
