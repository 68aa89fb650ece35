using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Data;

/// <summary>
/// Loads a training and a test set from one folder, recognising its layout: MNIST's IDX files, <c>train.npz</c> and
/// <c>test.npz</c> (arrays <c>x</c> and optional <c>y</c>), <c>train.npy</c> and <c>test.npy</c> (with optional
/// <c>train_labels.npy</c> and <c>test_labels.npy</c>), or <c>train/</c> and <c>test/</c> folders of PNG or JPEG images
/// (one sub-folder per class for labels). Both sets are read and checked completely before either is returned.
/// </summary>
public static class DataFolder
{
    private const string Layouts =
        "MNIST's IDX files (train-images-idx3-ubyte.gz and the rest), train.npz and test.npz, train.npy and test.npy " +
        "(with train_labels.npy and test_labels.npy for labels), or train/ and test/ folders of PNG or JPEG images";

    /// <summary>The two sets and the layout they were read from.</summary>
    /// <param name="Train">The training set (binarised afresh in every batch under dynamic binarisation).</param>
    /// <param name="Test">The test set (binarised once under dynamic binarisation).</param>
    /// <param name="Format">"IDX", "NumPy .npz", "NumPy .npy" or "image folders".</param>
    public sealed record Contents(TensorDataSet Train, TensorDataSet Test, string Format);

    /// <summary>Loads the training and test sets of <paramref name="directory"/>.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">A file of the recognised layout is missing.</exception>
    /// <exception cref="IOException">A file cannot be read (<see cref="IdxFormatException"/> or
    /// <see cref="DataFormatException"/> for its content), the folder has no known layout or only half of one, the
    /// examples do not fit <see cref="DataFolderOptions.InputShape"/>, labels are missing for a conditional model, or
    /// values lie outside [0, 1] under dynamic binarisation.</exception>
    public static Contents Load(string directory, DataFolderOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        options ??= new DataFolderOptions();
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"data folder '{directory}' does not exist; it should hold {Layouts}.");
        }

        var (train, test, format, labelFix) = Read(directory, options);
        train = Fit(train, options, directory, "train", format);
        test = Fit(test, options, directory, "test", format);
        if (options.NeedsLabels && (train.Labels is null || test.Labels is null))
        {
            throw new DataFormatException(directory, $"the model is conditional but the data in '{directory}' ({format}) has no labels; {labelFix}.");
        }

        if (options.DynamicBinarization)
        {
            (train, test) = Binarize(train, test, directory, options.BinarizationSeed);
        }

        return new Contents(train, test, format);
    }

    private static (TensorDataSet Train, TensorDataSet Test, string Format, string LabelFix) Read(string directory, DataFolderOptions options)
    {
        string In(string name) => Path.Combine(directory, name);
        if (File.Exists(In("train-images-idx3-ubyte.gz")) || File.Exists(In("train-images-idx3-ubyte")))
        {
            var (trainImages, trainLabels) = Mnist.Load(directory, "train");
            var (testImages, testLabels) = Mnist.Load(directory, "test");
            return (new TensorDataSet(trainImages, trainLabels), new TensorDataSet(testImages, testLabels), "IDX", "the IDX label files are required");
        }

        if (File.Exists(In("train.npz")) || File.Exists(In("test.npz")))
        {
            var train = NumpyArrays.ReadArchive(Pair(directory, "train.npz", "test.npz"));
            var test = NumpyArrays.ReadArchive(In("test.npz"));
            if ((train.Labels is null) != (test.Labels is null))
            {
                var (with, without) = train.Labels is null ? ("test.npz", "train.npz") : ("train.npz", "test.npz");
                throw new DataFormatException(In(without), $"'{In(without)}' has no labels (array 'y') but '{In(with)}' has; give both or neither.");
            }

            return (new TensorDataSet(train.Inputs, train.Labels), new TensorDataSet(test.Inputs, test.Labels), "NumPy .npz",
                "add the labels to both archives as array 'y', e.g. numpy.savez('train.npz', x=images, y=labels)");
        }

        if (File.Exists(In("train.npy")) || File.Exists(In("test.npy")))
        {
            var trainInputs = NumpyArrays.ReadInputs(Pair(directory, "train.npy", "test.npy"));
            var testInputs = NumpyArrays.ReadInputs(In("test.npy"));
            var (trainLabelsPath, testLabelsPath) = (In("train_labels.npy"), In("test_labels.npy"));
            if (File.Exists(trainLabelsPath) != File.Exists(testLabelsPath))
            {
                var (with, without) = File.Exists(trainLabelsPath) ? (trainLabelsPath, testLabelsPath) : (testLabelsPath, trainLabelsPath);
                throw new DataFormatException(without, $"'{without}' is missing but '{with}' is there; give the labels of both sets or of neither.");
            }

            Tensor? trainLabels = null, testLabels = null;
            if (File.Exists(trainLabelsPath))
            {
                trainLabels = NumpyArrays.ReadLabels(trainLabelsPath);
                testLabels = NumpyArrays.ReadLabels(testLabelsPath);
                NumpyArrays.CheckCount(trainInputs, trainLabels, $"'{trainLabelsPath}'", $"'{In("train.npy")}'", trainLabelsPath);
                NumpyArrays.CheckCount(testInputs, testLabels, $"'{testLabelsPath}'", $"'{In("test.npy")}'", testLabelsPath);
            }

            return (new TensorDataSet(trainInputs, trainLabels), new TensorDataSet(testInputs, testLabels), "NumPy .npy",
                "add train_labels.npy and test_labels.npy, one whole number per example");
        }

        if (Directory.Exists(In("train")) || Directory.Exists(In("test")))
        {
            var trainFolder = Pair(directory, "train", "test", folders: true);
            var (channels, height, width) = ImageSize(options.InputShape, trainFolder);
            var train = ImageFolder.Load(trainFolder, channels, height, width, options.Resize);
            var test = ImageFolder.Load(In("test"), channels, height, width, options.Resize, train.Classes);
            if (train.Labels is null && options.NeedsLabels)
            {
                throw new DataFormatException(trainFolder,
                    $"the model is conditional but '{trainFolder}' has no class sub-folders; put each class's images in a sub-folder named after it (train/0/…, train/1/…, and the same in test/).");
            }

            return (new TensorDataSet(train.Inputs, train.Labels), new TensorDataSet(test.Inputs, test.Labels), "image folders",
                "put each class's images in a sub-folder named after it (train/0/…, train/1/…, and the same in test/)");
        }

        throw new DataFormatException(directory, $"data folder '{directory}' has no data in a known layout; it should hold {Layouts}.");
    }

    // The first of a pair must be there with its partner, so half a data set is never trained on.
    private static string Pair(string directory, string train, string test, bool folders = false)
    {
        var (trainPath, testPath) = (Path.Combine(directory, train), Path.Combine(directory, test));
        bool Exists(string path) => folders ? Directory.Exists(path) : File.Exists(path);
        if (!Exists(trainPath) || !Exists(testPath))
        {
            var (present, missing) = Exists(trainPath) ? (trainPath, testPath) : (testPath, trainPath);
            throw new DataFormatException(missing,
                $"'{missing}' is missing but '{present}' is there; a data folder holds both a training and a test set.");
        }

        return trainPath;
    }

    private static (int Channels, int Height, int Width) ImageSize(IReadOnlyList<long>? shape, string trainFolder)
    {
        switch (shape)
        {
            case [var c, var h, var w] when c is 1 or 3:
                return ((int)c, (int)h, (int)w);
            case [var h, var w]:
                return (1, (int)h, (int)w);
            case null:
                throw new DataFormatException(trainFolder,
                    $"the images of '{trainFolder}' need the model's input shape to be decoded (DataFolderOptions.InputShape = model.InputShape).");
            default:
                throw new DataFormatException(trainFolder,
                    $"the model's input [{string.Join(", ", shape)}] is not an image shape ([1, H, W], [3, H, W] or [H, W]), so '{trainFolder}' cannot be read for it; use .npy or .npz files of that shape.");
        }
    }

    // Accepts the input's shape, or one with the same values that differs only by size-1 axes or is flat: (N, 784) and
    // (N, 28, 28) both fit [1, 28, 28]; (N, 28, 28, 3) does not fit [3, 28, 28], since its values are in another order.
    private static TensorDataSet Fit(TensorDataSet data, DataFolderOptions options, string directory, string split, string format)
    {
        if (options.InputShape is not { } expected || data.ExampleShape.SequenceEqual(expected)) return data;
        var actual = data.ExampleShape;
        var count = expected.Aggregate(1L, (a, b) => a * b);
        var sameValues = actual.Aggregate(1L, (a, b) => a * b) == count;
        if (sameValues && (actual.Count == 1 || actual.Where(d => d != 1).SequenceEqual(expected.Where(d => d != 1))))
        {
            return data.Reshape(expected.ToArray());
        }

        var channelsLast = actual.Count == 3 && expected.Count == 3 && actual[2] == expected[0] && actual[0] == expected[1] && actual[1] == expected[2];
        var fix = channelsLast
            ? "the channels come last: move them first, e.g. images.transpose(0, 3, 1, 2)"
            : sameValues ? "reshape it to that shape, keeping the values' order" : "write the examples at the model's input shape";
        throw new DataFormatException(directory, FormattableString.Invariant(
            $"the {split} examples of '{directory}' ({format}) have shape [{string.Join(", ", actual)}] but the model takes [{string.Join(", ", expected)}]; {fix}."));
    }

    private static (TensorDataSet Train, TensorDataSet Test) Binarize(TensorDataSet train, TensorDataSet test, string directory, long seed)
    {
        try
        {
            return (train.WithDynamicBinarization(), test.BinarizedOnce(seed));
        }
        catch (InvalidOperationException e)
        {
            throw new DataFormatException(directory, $"'{directory}': {e.Message}.", e);
        }
    }
}
