using System;
using System.IO;
using System.Linq;
using VaeDsl.Runtime.Data;
using VaeDsl.Testing;
using Xunit;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Tests.Data;

/// <summary>A data folder's layout is recognised from its files; half a layout, a missing label set, a shape that does
/// not fit the model and values that are no probabilities are refused before anything is trained; dynamic
/// binarisation draws a fresh binary image in every batch and a fixed one for the test set.</summary>
public sealed class DataFolderTests
{
    private static readonly long[] Square = { 1, 2, 2 };

    private static void WriteNpy(TemporaryFolder folder, string name, int count, float value = 0.5f) =>
        folder.Write(name, DataFiles.Npy(Enumerable.Repeat(value, count * 4).ToArray(), count, 4));

    [Fact]
    public void Npy_files_are_recognised_and_flat_examples_take_the_models_shape()
    {
        using var folder = new TemporaryFolder();
        WriteNpy(folder, "train.npy", 3);
        WriteNpy(folder, "test.npy", 2);
        folder.Write("train_labels.npy", DataFiles.Npy(new long[] { 0, 1, 2 }));
        folder.Write("test_labels.npy", DataFiles.Npy(new long[] { 2, 2 }));

        var contents = DataFolder.Load(folder.Path, new DataFolderOptions { InputShape = Square });

        Assert.Equal("NumPy .npy", contents.Format);
        Assert.Equal(new long[] { 3, 1, 2, 2 }, contents.Train.Inputs.shape);
        Assert.Equal(new long[] { 2, 2 }, contents.Test.Labels!.data<long>().ToArray());
    }

    [Fact]
    public void A_folder_without_a_known_layout_lists_the_layouts()
    {
        using var folder = new TemporaryFolder();
        folder.Write("images.bin", new byte[4]);

        var error = Assert.Throws<DataFormatException>(() => DataFolder.Load(folder.Path));

        Assert.Equal($"data folder '{folder.Path}' has no data in a known layout; it should hold MNIST's IDX files (train-images-idx3-ubyte.gz and the rest), " +
                     "train.npz and test.npz, train.npy and test.npy (with train_labels.npy and test_labels.npy for labels), or train/ and test/ folders of PNG or JPEG images.", error.Message);
    }

    [Fact]
    public void Half_a_data_set_is_refused_naming_the_missing_file()
    {
        using var folder = new TemporaryFolder();
        WriteNpy(folder, "train.npy", 3);
        using var labelled = new TemporaryFolder();
        WriteNpy(labelled, "train.npy", 3);
        WriteNpy(labelled, "test.npy", 2);
        labelled.Write("train_labels.npy", DataFiles.Npy(new long[] { 0, 1, 2 }));

        var missingTest = Assert.Throws<DataFormatException>(() => DataFolder.Load(folder.Path));
        var missingLabels = Assert.Throws<DataFormatException>(() => DataFolder.Load(labelled.Path));

        var test = Path.Combine(folder.Path, "test.npy");
        Assert.Equal($"'{test}' is missing but '{Path.Combine(folder.Path, "train.npy")}' is there; a data folder holds both a training and a test set.", missingTest.Message);
        Assert.Equal(Path.Combine(labelled.Path, "test_labels.npy"), missingLabels.FilePath);
    }

    [Fact]
    public void A_conditional_model_without_labels_is_told_what_to_add()
    {
        using var folder = new TemporaryFolder();
        WriteNpy(folder, "train.npy", 3);
        WriteNpy(folder, "test.npy", 2);

        var error = Assert.Throws<DataFormatException>(() => DataFolder.Load(folder.Path, new DataFolderOptions { InputShape = Square, NeedsLabels = true }));

        Assert.Equal($"the model is conditional but the data in '{folder.Path}' (NumPy .npy) has no labels; add train_labels.npy and test_labels.npy, one whole number per example.", error.Message);
    }

    [Fact]
    public void Channels_last_images_are_refused_with_the_transpose_that_fixes_them()
    {
        using var folder = new TemporaryFolder();
        DataFiles.Npz(Path.Combine(folder.Path, "train.npz"), ("x", DataFiles.Npy(new float[2 * 4 * 4 * 3], 2, 4, 4, 3)));
        DataFiles.Npz(Path.Combine(folder.Path, "test.npz"), ("x", DataFiles.Npy(new float[4 * 4 * 3], 1, 4, 4, 3)));

        var error = Assert.Throws<DataFormatException>(() => DataFolder.Load(folder.Path, new DataFolderOptions { InputShape = new long[] { 3, 4, 4 } }));

        Assert.Equal($"the train examples of '{folder.Path}' (NumPy .npz) have shape [4, 4, 3] but the model takes [3, 4, 4]; the channels come last: move them first, e.g. images.transpose(0, 3, 1, 2).", error.Message);
    }

    [Fact]
    public void Image_folders_need_both_sets_and_an_image_shaped_input()
    {
        using var folder = new TemporaryFolder();
        DataFiles.Image(Path.Combine(folder.Path, "train", "a.png"), new byte[4], 2, 2, 1);

        var noTest = Assert.Throws<DataFormatException>(() => DataFolder.Load(folder.Path, new DataFolderOptions { InputShape = Square }));
        Directory.CreateDirectory(Path.Combine(folder.Path, "test"));
        DataFiles.Image(Path.Combine(folder.Path, "test", "b.png"), new byte[4], 2, 2, 1);
        var flat = Assert.Throws<DataFormatException>(() => DataFolder.Load(folder.Path, new DataFolderOptions { InputShape = new long[] { 4 } }));
        var contents = DataFolder.Load(folder.Path, new DataFolderOptions { InputShape = Square });

        Assert.Equal(Path.Combine(folder.Path, "test"), noTest.FilePath);
        Assert.StartsWith("the model's input [4] is not an image shape", flat.Message);
        Assert.Equal("image folders", contents.Format);
        Assert.Equal(new long[] { 1, 1, 2, 2 }, contents.Test.Inputs.shape);
    }

    [Fact]
    public void Dynamic_binarisation_draws_fresh_binary_batches_and_binarises_the_test_set_once()
    {
        using var folder = new TemporaryFolder();
        WriteNpy(folder, "train.npy", 200);
        WriteNpy(folder, "test.npy", 200);
        var options = new DataFolderOptions { InputShape = Square, DynamicBinarization = true };

        var contents = DataFolder.Load(folder.Path, options);
        var again = DataFolder.Load(folder.Path, options);
        Seeding.Set(1);
        var first = contents.Train.Batch(null, 0, 200).Inputs;
        var second = contents.Train.Batch(null, 0, 200).Inputs;

        Assert.True(contents.Train.DynamicBinarization);
        Assert.True(first.eq(0).logical_or(first.eq(1)).all().item<bool>(), "a binarised batch holds only 0 and 1");
        Assert.InRange(first.mean().item<float>(), 0.4f, 0.6f); // each value is 1 with probability 0.5
        Assert.False(first.eq(second).all().item<bool>(), "each batch is a fresh sample");
        Assert.True(contents.Test.Inputs.eq(again.Test.Inputs).all().item<bool>(), "the test set is binarised the same way in every run");
        Assert.False(contents.Test.DynamicBinarization);
        Assert.True(contents.Train.Take(10).DynamicBinarization && contents.Train.Slice(5, 5).DynamicBinarization);
    }

    [Fact]
    public void Dynamic_binarisation_refuses_values_that_are_no_probabilities()
    {
        using var folder = new TemporaryFolder();
        WriteNpy(folder, "train.npy", 2, value: 3f);
        WriteNpy(folder, "test.npy", 2);

        var error = Assert.Throws<DataFormatException>(() => DataFolder.Load(folder.Path, new DataFolderOptions { DynamicBinarization = true }));

        Assert.Equal($"'{folder.Path}': dynamic binarisation needs inputs in [0, 1] (the probability of a 1) but they range from 3 to 3; scale them to [0, 1] first.", error.Message);
    }
}
