using System;
using System.IO;
using System.Linq;
using SkiaSharp;
using VaeDsl.Runtime.Data;
using VaeDsl.Testing;
using Xunit;

namespace VaeDsl.Runtime.Tests.Data;

/// <summary>A folder of PNG or JPEG files becomes [N, C, H, W] in 0..1 (labels from class sub-folders); an image that
/// is damaged, of another size or not an image is refused in one line naming it and the fix.</summary>
public sealed class ImageFolderTests
{
    private static byte[] Ramp(int count, int offset) => Enumerable.Range(0, count).Select(i => (byte)((i * 37 + offset) % 256)).ToArray();

    [Fact]
    public void Grey_PNG_files_give_their_bytes_over_255_in_file_name_order()
    {
        using var folder = new TemporaryFolder();
        DataFiles.Image(Path.Combine(folder.Path, "b.png"), Ramp(12, 5), 4, 3, 1);
        DataFiles.Image(Path.Combine(folder.Path, "a.png"), Ramp(12, 0), 4, 3, 1);

        var contents = ImageFolder.Load(folder.Path, channels: 1, height: 3, width: 4);

        Assert.Equal(new long[] { 2, 1, 3, 4 }, contents.Inputs.shape);
        Assert.Null(contents.Labels);
        var expected = Ramp(12, 0).Concat(Ramp(12, 5)).Select(b => b / 255f).ToArray();
        Assert.Equal(expected, contents.Inputs.data<float>().ToArray());
    }

    [Fact]
    public void Class_sub_folders_give_the_labels_and_a_test_folder_keeps_the_training_numbering()
    {
        using var folder = new TemporaryFolder();
        foreach (var (set, cls, name) in new[] { ("train", "cat", "1.png"), ("train", "dog", "2.png"), ("train", "dog", "3.png"), ("test", "dog", "4.png") })
        {
            DataFiles.Image(Path.Combine(folder.Path, set, cls, name), Ramp(4, 0), 2, 2, 1);
        }

        var train = ImageFolder.Load(Path.Combine(folder.Path, "train"), 1, 2, 2);
        var test = ImageFolder.Load(Path.Combine(folder.Path, "test"), 1, 2, 2, classes: train.Classes);

        Assert.Equal(new long[] { 0, 1, 1 }, train.Labels!.data<long>().ToArray());
        Assert.Equal(new long[] { 1 }, test.Labels!.data<long>().ToArray());
        Assert.Equal("dog", train.Classes![1]);
    }

    [Fact]
    public void Digit_folder_names_are_the_labels()
    {
        using var folder = new TemporaryFolder();
        DataFiles.Image(Path.Combine(folder.Path, "3", "a.png"), Ramp(4, 0), 2, 2, 1);
        DataFiles.Image(Path.Combine(folder.Path, "7", "b.png"), Ramp(4, 0), 2, 2, 1);

        Assert.Equal(new long[] { 3, 7 }, ImageFolder.Load(folder.Path, 1, 2, 2).Labels!.data<long>().ToArray());
    }

    [Fact]
    public void An_RGB_JPEG_is_read_channel_first_and_a_grey_model_gets_its_luminance()
    {
        using var folder = new TemporaryFolder();
        var pixels = Enumerable.Range(0, 8 * 8).SelectMany(_ => new byte[] { 200, 40, 90 }).ToArray();
        DataFiles.Image(Path.Combine(folder.Path, "red.jpg"), pixels, 8, 8, 3, SKEncodedImageFormat.Jpeg);

        var rgb = ImageFolder.Load(folder.Path, 3, 8, 8).Inputs;
        var grey = ImageFolder.Load(folder.Path, 1, 8, 8).Inputs;

        Assert.Equal(new long[] { 1, 3, 8, 8 }, rgb.shape);
        // JPEG is lossy: a flat colour comes back within a few levels.
        Assert.InRange(rgb[0, 0].mean().item<float>() * 255, 195, 205);
        Assert.InRange(rgb[0, 1].mean().item<float>() * 255, 35, 45);
        Assert.InRange(rgb[0, 2].mean().item<float>() * 255, 85, 95);
        Assert.InRange(grey.mean().item<float>() * 255, (0.299 * 200) + (0.587 * 40) + (0.114 * 90) - 5, (0.299 * 200) + (0.587 * 40) + (0.114 * 90) + 5);
    }

    [Fact]
    public void An_image_of_another_size_is_refused_unless_resizing_is_asked_for()
    {
        using var folder = new TemporaryFolder();
        DataFiles.Image(Path.Combine(folder.Path, "a.png"), Ramp(16, 0), 4, 4, 1);
        var odd = Path.Combine(folder.Path, "b.png");
        DataFiles.Image(odd, Ramp(48, 0), 8, 6, 1);

        var error = Assert.Throws<DataFormatException>(() => ImageFolder.Load(folder.Path, 1, 4, 4));
        var resized = ImageFolder.Load(folder.Path, 1, 4, 4, resize: true);

        Assert.Equal(odd, error.FilePath);
        Assert.Equal($"'{odd}' is 8×6 pixels but the model takes 4×4; resize the images, or ask for resizing (--resize in the examples, DataFolderOptions.Resize in code).", error.Message);
        Assert.Equal(new long[] { 2, 1, 4, 4 }, resized.Inputs.shape);
    }

    [Fact]
    public void A_truncated_PNG_a_non_image_and_a_stray_file_are_refused_naming_them()
    {
        using var whole = new TemporaryFolder();
        var source = Path.Combine(whole.Path, "a.png");
        DataFiles.Image(source, Ramp(28 * 28, 3), 28, 28, 1);
        using var cut = new TemporaryFolder();
        var truncated = cut.Write("a.png", File.ReadAllBytes(source)[..^60]);
        using var garbage = new TemporaryFolder();
        var notImage = garbage.Write("b.png", "not an image"u8.ToArray());
        using var stray = new TemporaryFolder();
        DataFiles.Image(Path.Combine(stray.Path, "a.png"), Ramp(4, 0), 2, 2, 1);
        var notes = stray.Write("notes.txt", "x"u8.ToArray());

        var truncatedError = Assert.Throws<DataFormatException>(() => ImageFolder.Load(cut.Path, 1, 28, 28));
        var garbageError = Assert.Throws<DataFormatException>(() => ImageFolder.Load(garbage.Path, 1, 28, 28));
        var strayError = Assert.Throws<DataFormatException>(() => ImageFolder.Load(stray.Path, 1, 2, 2));

        Assert.Equal($"'{truncated}' is truncated or corrupt (it cannot be decoded completely); replace it with an intact PNG or JPEG file, or remove it.", truncatedError.Message);
        Assert.Equal($"'{notImage}' is not an image in a format SkiaSharp decodes; replace it with an intact PNG or JPEG file, or remove it.", garbageError.Message);
        Assert.Equal($"'{notes}' is not a .png, .jpg or .jpeg file; an image folder holds only images (convert it, or move it out).", strayError.Message);
    }
}
