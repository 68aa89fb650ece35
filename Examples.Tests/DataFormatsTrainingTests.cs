using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NumSharp;
using SkiaSharp;
using VaeDsl.Runtime;
using VaeDsl.Runtime.Data;
using VaeDsl.Runtime.Training;
using VaeDsl.Testing;
using Xunit;

namespace VaeDsl.Examples.Tests;

/// <summary>
/// The same shipped digits written as a folder of PNG files, as .npy arrays and as a .npz archive train the generated
/// MnistMlp exactly as the IDX files do: one epoch on 300 digits gives the same training and test losses, bit for bit.
/// </summary>
public sealed class DataFormatsTrainingTests : IDisposable
{
    private const int TrainCount = 300, TestCount = 100, Side = 28;
    private readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Png_npy_and_npz_copies_of_the_digits_train_MnistMlp_to_the_losses_of_the_IDX_files()
    {
        var idx = DataFolder.Load(RepositoryRoot.File("data", "mnist"), new DataFolderOptions { InputShape = MnistMlp.DefaultInputShape });
        var (idxTrain, idxTest) = (idx.Train.Take(TrainCount), idx.Test.Take(TestCount));
        var expected = Train(idxTrain, idxTest);
        var (trainBytes, trainLabels) = Digits("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", TrainCount);
        var (testBytes, testLabels) = Digits("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz", TestCount);

        var png = Path.Combine(folder.Path, "png");
        WritePngs(Path.Combine(png, "train"), trainBytes, TrainCount);
        WritePngs(Path.Combine(png, "test"), testBytes, TestCount);
        var npy = Directory.CreateDirectory(Path.Combine(folder.Path, "npy")).FullName;
        Save(Path.Combine(npy, "train.npy"), trainBytes, TrainCount);
        Save(Path.Combine(npy, "test.npy"), testBytes, TestCount);
        using (var labels = np.array(trainLabels)) np.save(Path.Combine(npy, "train_labels.npy"), labels);
        using (var labels = np.array(testLabels)) np.save(Path.Combine(npy, "test_labels.npy"), labels);
        var npz = Directory.CreateDirectory(Path.Combine(folder.Path, "npz")).FullName;
        SaveArchive(Path.Combine(npz, "train.npz"), idxTrain, trainLabels);
        SaveArchive(Path.Combine(npz, "test.npz"), idxTest, testLabels);

        foreach (var (directory, format) in new[] { (png, "image folders"), (npy, "NumPy .npy"), (npz, "NumPy .npz") })
        {
            var contents = DataFolder.Load(directory, new DataFolderOptions { InputShape = MnistMlp.DefaultInputShape });

            Assert.Equal(format, contents.Format);
            Assert.Equal((TrainCount, TestCount), (contents.Train.Count, contents.Test.Count));
            Assert.True(contents.Train.Inputs.eq(idxTrain.Inputs).all().item<bool>(), $"{format}: the pixels differ from the IDX file's");
            Assert.Equal(expected, Train(contents.Train, contents.Test));
            if (contents.Train.Labels is { } labels)
            {
                Assert.Equal(trainLabels, labels.data<long>().ToArray());
            }
        }
    }

    private static (double Train, double Test) Train(TensorDataSet train, TensorDataSet test)
    {
        var options = new MnistMlpOptions();
        Seeding.Set(options.Train.Seed);
        var model = new MnistMlp(options);
        var epoch = Assert.Single(new Trainer(model, options.Train with { Epochs = 1, BatchSize = 32, Threads = 1 }).Fit(train, test));
        return (epoch.TrainLoss, epoch.TestLoss!.Value);
    }

    private static (byte[] Images, long[] Labels) Digits(string images, string labels, int count) =>
        (IdxFile.Read(RepositoryRoot.File("data", "mnist", images)).Data[..(count * Side * Side)],
         IdxFile.Read(RepositoryRoot.File("data", "mnist", labels)).Data[..count].Select(b => (long)b).ToArray());

    // One grey PNG per digit, named by its index so the folder reads back in the IDX file's order.
    private static void WritePngs(string directory, byte[] pixels, int count)
    {
        Directory.CreateDirectory(directory);
        var info = new SKImageInfo(Side, Side, SKColorType.Gray8, SKAlphaType.Opaque);
        for (var i = 0; i < count; i++)
        {
            using var bitmap = new SKBitmap(info);
            System.Runtime.InteropServices.Marshal.Copy(pixels, i * Side * Side, bitmap.GetPixels(), Side * Side);
            using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
            File.WriteAllBytes(Path.Combine(directory, $"{i:D5}.png"), data.ToArray());
        }
    }

    // The bytes as numpy.save writes a uint8 array of shape (N, 28, 28).
    private static void Save(string path, byte[] pixels, int count)
    {
        using var array = np.array(pixels).reshape(count, Side, Side);
        np.save(path, array);
    }

    // The IDX reader's float32 pixels as an (N, 784) array x, with the labels as y.
    private static void SaveArchive(string path, TensorDataSet data, long[] labels)
    {
        using var x = np.array(data.Inputs.data<float>().ToArray()).reshape((int)data.Count, Side * Side);
        using var y = np.array(labels);
        np.savez(path, new Dictionary<string, NDArray> { ["x"] = x, ["y"] = y });
    }
}
