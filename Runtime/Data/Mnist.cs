using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using TorchSharp;

namespace VaeDsl.Runtime.Data
{
    /// <summary>Loads MNIST-style data sets from the four standard IDX files in a folder (gzipped or raw).</summary>
    public static class Mnist
    {
        /// <summary>Height and width of one MNIST image.</summary>
        public const int ImageSide = 28;

        private const string ExpectedFiles =
            "train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz " +
            "(gzipped, or the same names without .gz; the test pair may also be named test-images-idx3-ubyte and test-labels-idx1-ubyte)";

        // MNIST names its test files t10k-*; sets repackaged in its format often name them test-*. The first is preferred.
        private static readonly string[] TrainPrefixes = { "train" };
        private static readonly string[] TestPrefixes = { "t10k", "test" };

        /// <summary>
        /// Loads one split: images as a float32 tensor [N, 1, 28, 28] with values in 0..1 (byte / 255),
        /// labels as an int64 tensor [N] with digits 0..9. <paramref name="split"/> is "train" (train-* files)
        /// or "test" (t10k-* files as MNIST names them, or else test-* files). Each file may be gzipped (name.gz, preferred)
        /// or not. The caller owns and disposes both tensors.
        /// </summary>
        /// <exception cref="ArgumentException">The split is neither "train" nor "test".</exception>
        /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
        /// <exception cref="FileNotFoundException">One of the two files of the split is missing.</exception>
        /// <exception cref="IdxFormatException">A file is not a valid IDX file, has the wrong shape, or the counts disagree.</exception>
        public static (torch.Tensor Images, torch.Tensor Labels) Load(string directory, string split)
        {
            ArgumentNullException.ThrowIfNull(directory);
            ArgumentNullException.ThrowIfNull(split);
            string[] prefixes = split switch
            {
                "train" => TrainPrefixes,
                "test" => TestPrefixes,
                _ => throw new ArgumentException($"MNIST split '{split}' is unknown; use \"train\" or \"test\".", nameof(split)),
            };
            if (!Directory.Exists(directory))
            {
                throw new DirectoryNotFoundException($"MNIST folder '{directory}' does not exist; it should hold {ExpectedFiles}.");
            }

            string imagesPath = FindFile(directory, prefixes, "-images-idx3-ubyte", split, "images");
            string labelsPath = FindFile(directory, prefixes, "-labels-idx1-ubyte", split, "labels");
            IdxArray images = IdxFile.Read(imagesPath);
            IdxArray labels = IdxFile.Read(labelsPath);
            CheckShapes(imagesPath, images, labelsPath, labels);
            CheckLabelRange(labelsPath, labels.Data);

            int count = images.Shape[0];
            using torch.Tensor bytes = torch.tensor(images.Data, new long[] { count, 1, ImageSide, ImageSide });
            torch.Tensor imageTensor = bytes.to_type(torch.ScalarType.Float32).div_(255f);
            var labelValues = new long[count];
            for (int i = 0; i < count; i++)
            {
                labelValues[i] = labels.Data[i];
            }

            torch.Tensor labelTensor = torch.tensor(labelValues, new long[] { count });
            return (imageTensor, labelTensor);
        }

        // Takes the prefixes in order and, for each, prefers the gzipped name, as MNIST is distributed, to the uncompressed one.
        private static string FindFile(string directory, string[] prefixes, string suffix, string split, string content)
        {
            var candidates = new List<string>();
            foreach (string prefix in prefixes)
            {
                string gzipped = Path.Combine(directory, prefix + suffix + ".gz");
                // A directory under the file's name is taken as the file, so the reader says it is a directory, not missing.
                if (File.Exists(gzipped) || Directory.Exists(gzipped))
                {
                    return gzipped;
                }

                string raw = Path.Combine(directory, prefix + suffix);
                if (File.Exists(raw))
                {
                    return raw;
                }

                candidates.Add(gzipped);
                candidates.Add(raw);
            }

            string others = string.Join(", ", candidates.GetRange(1, candidates.Count - 1).ConvertAll(c => $"'{Path.GetFileName(c)}'"));
            throw new FileNotFoundException(
                $"MNIST {split} {content} file '{candidates[0]}' not found (nor {others}); the folder '{directory}' should hold {ExpectedFiles}.",
                candidates[0]);
        }

        private static void CheckShapes(string imagesPath, IdxArray images, string labelsPath, IdxArray labels)
        {
            int[] s = images.Shape;
            if (s.Length != 3 || s[1] != ImageSide || s[2] != ImageSide)
            {
                throw new IdxFormatException(imagesPath, FormattableString.Invariant(
                    $"MNIST images file '{imagesPath}' holds an array of shape [{string.Join(", ", s)}]; expected [N, {ImageSide}, {ImageSide}] (N images of {ImageSide}×{ImageSide})."));
            }

            if (labels.Shape.Length != 1)
            {
                throw new IdxFormatException(labelsPath, FormattableString.Invariant(
                    $"MNIST labels file '{labelsPath}' holds an array of shape [{string.Join(", ", labels.Shape)}]; expected [N] (one label per image)."));
            }

            if (labels.Shape[0] != s[0])
            {
                throw new IdxFormatException(labelsPath, FormattableString.Invariant(
                    $"MNIST labels file '{labelsPath}' holds {labels.Shape[0]} labels but images file '{imagesPath}' holds {s[0]} images; they must have one label per image."));
            }
        }

        private static void CheckLabelRange(string labelsPath, byte[] labels)
        {
            int bad = Array.FindIndex(labels, label => label > 9);
            if (bad >= 0)
            {
                throw new IdxFormatException(labelsPath, string.Create(CultureInfo.InvariantCulture,
                    $"MNIST labels file '{labelsPath}' has label {labels[bad]} at index {bad}; digit labels must be 0..9."));
            }
        }
    }
}
