using System;
using System.IO;
using System.Linq;
using NumSharp;
using VaeDsl.Runtime.Data;
using VaeDsl.Testing;
using Xunit;

namespace VaeDsl.Runtime.Tests.Data;

/// <summary>NumPy arrays become float32 examples and int64 labels; a file that is not complete, or holds the wrong
/// type or shape, is refused in one line naming the file and the fix.</summary>
public sealed class NumpyArraysTests
{
    [Fact]
    public void A_float32_file_written_to_the_specification_is_read_with_its_shape_and_values()
    {
        using var folder = new TemporaryFolder();
        var path = folder.Write("x.npy", DataFiles.Npy(new[] { 0f, 0.25f, 0.5f, 0.75f, 1f, 0.125f }, 2, 3));

        var inputs = NumpyArrays.ReadInputs(path);

        Assert.Equal(new long[] { 2, 3 }, inputs.shape);
        Assert.Equal(new[] { 0f, 0.25f, 0.5f, 0.75f, 1f, 0.125f }, inputs.data<float>().ToArray());
    }

    [Fact]
    public void Bytes_are_scaled_to_0_1_and_float64_rounded_to_float32()
    {
        using var folder = new TemporaryFolder();
        var bytes = folder.Write("b.npy", DataFiles.Npy("|u1", new long[] { 1, 3 }, new byte[] { 0, 51, 255 }));
        var doubles = folder.Write("d.npy", DataFiles.Npy("<f8", new long[] { 2 }, new[] { 0.1, 2.5 }.SelectMany(BitConverter.GetBytes).ToArray()));

        Assert.Equal(new[] { 0f, 0.2f, 1f }, NumpyArrays.ReadInputs(bytes).data<float>().ToArray());
        Assert.Equal(new[] { 0.1f, 2.5f }, NumpyArrays.ReadInputs(doubles).data<float>().ToArray());
    }

    [Fact]
    public void A_fortran_order_array_is_read_in_its_logical_order()
    {
        using var folder = new TemporaryFolder();
        // Column-major storage of [[1, 2, 3], [4, 5, 6]].
        var path = folder.Write("f.npy", DataFiles.Npy("<f4", new long[] { 2, 3 }, new[] { 1f, 4f, 2f, 5f, 3f, 6f }.SelectMany(BitConverter.GetBytes).ToArray(), fortranOrder: true));

        Assert.Equal(new[] { 1f, 2f, 3f, 4f, 5f, 6f }, NumpyArrays.ReadInputs(path).data<float>().ToArray());
    }

    [Fact]
    public void A_truncated_file_is_refused_naming_it()
    {
        using var folder = new TemporaryFolder();
        var whole = DataFiles.Npy(new float[12], 3, 4);
        var path = folder.Write("train.npy", whole[..^5]);

        var error = Assert.Throws<DataFormatException>(() => NumpyArrays.ReadInputs(path));

        Assert.Equal(path, error.FilePath);
        Assert.StartsWith($"'{path}' is not a complete NumPy .npy file (", error.Message);
        Assert.EndsWith("; write it again with numpy.save.", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_file_that_is_not_npy_at_all_is_refused_naming_it()
    {
        using var folder = new TemporaryFolder();
        var path = folder.Write("train.npy", "x,y\n1,2\n"u8.ToArray());

        var error = Assert.Throws<DataFormatException>(() => NumpyArrays.ReadInputs(path));

        Assert.StartsWith($"'{path}' is not a complete NumPy .npy file", error.Message);
    }

    [Fact]
    public void Integer_examples_name_the_type_and_the_conversion()
    {
        using var folder = new TemporaryFolder();
        var path = folder.Write("train.npy", DataFiles.Npy("<i4", new long[] { 2 }, new byte[8]));

        var error = Assert.Throws<DataFormatException>(() => NumpyArrays.ReadInputs(path));

        Assert.Equal($"'{path}' holds int32 values; examples must be float32, float64 or uint8: convert them, e.g. images.astype(numpy.float32).", error.Message);
    }

    [Fact]
    public void A_NaN_names_its_example()
    {
        using var folder = new TemporaryFolder();
        var path = folder.Write("train.npy", DataFiles.Npy(new[] { 0f, 1f, 0f, float.NaN }, 2, 2));

        var error = Assert.Throws<DataFormatException>(() => NumpyArrays.ReadInputs(path));

        Assert.Equal($"'{path}' has a NaN or infinite value in example 1; remove or repair that example before training.", error.Message);
    }

    [Fact]
    public void Labels_must_be_one_non_negative_whole_number_per_example()
    {
        using var folder = new TemporaryFolder();
        var good = folder.Write("good.npy", DataFiles.Npy("|u1", new long[] { 3 }, new byte[] { 7, 0, 9 }));
        var floats = folder.Write("floats.npy", DataFiles.Npy(new[] { 1f, 2f }, 2));
        var matrix = folder.Write("matrix.npy", DataFiles.Npy("<i8", new long[] { 2, 2 }, new long[] { 1, 2, 3, 4 }.SelectMany(BitConverter.GetBytes).ToArray()));
        var negative = folder.Write("negative.npy", DataFiles.Npy(new long[] { 0, -1 }));

        Assert.Equal(new long[] { 7, 0, 9 }, NumpyArrays.ReadLabels(good).data<long>().ToArray());
        Assert.Contains("holds float32 values; labels must be whole numbers", Assert.Throws<DataFormatException>(() => NumpyArrays.ReadLabels(floats)).Message);
        Assert.Contains("has shape (2, 2) but labels must be one whole number per example", Assert.Throws<DataFormatException>(() => NumpyArrays.ReadLabels(matrix)).Message);
        Assert.Equal($"'{negative}' has label -1 at index 1; labels must be classes numbered from 0.", Assert.Throws<DataFormatException>(() => NumpyArrays.ReadLabels(negative)).Message);
    }

    [Fact]
    public void An_archive_gives_x_and_y_and_names_its_arrays_when_x_is_missing()
    {
        using var folder = new TemporaryFolder();
        var good = Path.Combine(folder.Path, "train.npz");
        DataFiles.Npz(good, ("x", DataFiles.Npy(new[] { 0f, 1f, 0.5f, 0.5f }, 2, 2)), ("y", DataFiles.Npy(new long[] { 3, 4 })));
        var wrong = Path.Combine(folder.Path, "test.npz");
        DataFiles.Npz(wrong, ("images", DataFiles.Npy(new[] { 0f }, 1)), ("labels", DataFiles.Npy(new long[] { 0 })));

        var (inputs, labels) = NumpyArrays.ReadArchive(good);
        var error = Assert.Throws<DataFormatException>(() => NumpyArrays.ReadArchive(wrong));

        Assert.Equal(new long[] { 2, 2 }, inputs.shape);
        Assert.Equal(new long[] { 3, 4 }, labels!.data<long>().ToArray());
        Assert.Equal($"'{wrong}' has no array 'x' (it has 'images', 'labels'); save the examples under that name, e.g. numpy.savez('test.npz', x=images, y=labels).", error.Message);
    }

    [Fact]
    public void A_truncated_archive_or_mismatched_label_count_is_refused_naming_the_file()
    {
        using var folder = new TemporaryFolder();
        var whole = Path.Combine(folder.Path, "whole.npz");
        DataFiles.Npz(whole, ("x", DataFiles.Npy(new float[64], 8, 8)));
        var cut = folder.Write("train.npz", File.ReadAllBytes(whole)[..^40]);
        var counts = Path.Combine(folder.Path, "counts.npz");
        DataFiles.Npz(counts, ("x", DataFiles.Npy(new float[4], 2, 2)), ("y", DataFiles.Npy(new long[] { 1, 2, 3 })));

        var truncated = Assert.Throws<DataFormatException>(() => NumpyArrays.ReadArchive(cut));
        var mismatch = Assert.Throws<DataFormatException>(() => NumpyArrays.ReadArchive(counts));

        Assert.StartsWith($"'{cut}' is not a complete NumPy .npz archive (", truncated.Message);
        Assert.Equal($"'{counts}' entry 'y' holds 3 labels but entry 'x' holds 2 examples; give one label per example, in the same order.", mismatch.Message);
    }

    [Fact]
    public void A_file_numpy_savez_would_write_is_read()
    {
        using var folder = new TemporaryFolder();
        var path = Path.Combine(folder.Path, "data.npz");
        using (var x = np.arange(6).astype(np.float32).reshape(3, 2))
        using (var y = np.array(new long[] { 2, 0, 1 }))
        {
            np.savez(path, new System.Collections.Generic.Dictionary<string, NDArray> { ["x"] = x, ["y"] = y });
        }

        var (inputs, labels) = NumpyArrays.ReadArchive(path);

        Assert.Equal(new[] { 0f, 1f, 2f, 3f, 4f, 5f }, inputs.data<float>().ToArray());
        Assert.Equal(new long[] { 2, 0, 1 }, labels!.data<long>().ToArray());
    }
}
