using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using SkiaSharp;
using TorchSharp;

namespace VaeDsl.Runtime.Data;

/// <summary>
/// Reads a folder of PNG and JPEG images (decoded by SkiaSharp) as float32 [N, C, H, W] with values in 0..1: either
/// the images themselves (no labels) or one sub-folder per class whose name gives the label (a whole number as it is,
/// other names numbered 0, 1, … in ordinal order). Images are read in ordinal order of their paths.
/// </summary>
public static class ImageFolder
{
    private static readonly string[] Extensions = { ".png", ".jpg", ".jpeg" };

    /// <summary>The images of one folder.</summary>
    /// <param name="Inputs">float32 [N, C, H, W], values in 0..1.</param>
    /// <param name="Labels">int64 [N], or null for a folder without class sub-folders.</param>
    /// <param name="Classes">The class sub-folders' names by label, or null without them.</param>
    public sealed record Contents(torch.Tensor Inputs, torch.Tensor? Labels, IReadOnlyDictionary<long, string>? Classes);

    /// <summary>
    /// Reads every image of <paramref name="directory"/> as <paramref name="channels"/> channels (1: grey, the
    /// luminance of a colour image; 3: RGB, a grey image repeated) of <paramref name="height"/> × <paramref name="width"/>
    /// pixels. An image of another size is refused unless <paramref name="resize"/> is set, which scales it (bilinear)
    /// to that size. <paramref name="classes"/>, when given, are the class names of the training folder that a test
    /// folder must use.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="DataFormatException">The folder holds no images, a file is neither PNG nor JPEG or cannot be
    /// decoded completely, an image has another size (without <paramref name="resize"/>), images lie beside class
    /// sub-folders, or a class is not one of <paramref name="classes"/>.</exception>
    public static Contents Load(string directory, int channels, int height, int width, bool resize = false, IReadOnlyDictionary<long, string>? classes = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (channels is not (1 or 3)) throw new ArgumentOutOfRangeException(nameof(channels), channels, "images have 1 (grey) or 3 (RGB) channels");
        if (height < 1 || width < 1) throw new ArgumentOutOfRangeException(nameof(height), "the image size must be positive");
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"image folder '{directory}' does not exist.");
        }

        var (files, labels, found) = List(directory, classes);
        var pixels = new float[(long)files.Count * channels * height * width];
        var perImage = channels * height * width;
        for (var i = 0; i < files.Count; i++)
        {
            Decode(files[i], channels, height, width, resize, pixels.AsSpan(i * perImage, perImage));
        }

        // Scaled as the IDX reader scales its bytes, so the same pixels give the same floats from either format.
        var inputs = torch.tensor(pixels, new long[] { files.Count, channels, height, width }).div_(255f);
        var labelTensor = labels is null ? null : torch.tensor(labels, new long[] { labels.Length });
        return new Contents(inputs, labelTensor, found);
    }

    private static (List<string> Files, long[]? Labels, IReadOnlyDictionary<long, string>? Classes) List(string directory, IReadOnlyDictionary<long, string>? trainClasses)
    {
        var folders = Directory.GetDirectories(directory).Where(d => !IsHidden(d)).OrderBy(d => d, StringComparer.Ordinal).ToArray();
        var loose = ImageFiles(directory);
        if (folders.Length == 0)
        {
            if (loose.Count == 0)
            {
                throw new DataFormatException(directory,
                    $"image folder '{directory}' holds no .png, .jpg or .jpeg files; put the images in it, or one sub-folder of images per class.");
            }

            if (trainClasses is not null)
            {
                throw new DataFormatException(directory,
                    $"image folder '{directory}' has no class sub-folders but the training images have ({string.Join(", ", trainClasses.Values)}); give both sets the same layout.");
            }

            return (loose, null, null);
        }

        if (loose.Count > 0)
        {
            throw new DataFormatException(loose[0],
                $"'{loose[0]}' lies beside the class sub-folders of '{directory}'; move it into the sub-folder of its class, or all images out of the sub-folders for unlabelled data.");
        }

        var names = folders.Select(Path.GetFileName).Select(n => n!).ToArray();
        var classes = trainClasses ?? Number(names);
        var byName = classes.ToDictionary(c => c.Value, c => c.Key, StringComparer.Ordinal);
        var files = new List<string>();
        var labels = new List<long>();
        foreach (var (folder, name) in folders.Zip(names))
        {
            if (!byName.TryGetValue(name, out var label))
            {
                throw new DataFormatException(folder,
                    $"class folder '{folder}' is not one of the training classes ({string.Join(", ", classes.Values)}); rename it or add that class to the training images.");
            }

            var images = ImageFiles(folder);
            if (Directory.GetDirectories(folder).FirstOrDefault(d => !IsHidden(d)) is { } nested)
            {
                throw new DataFormatException(nested, $"'{nested}' is a folder inside the class folder '{folder}'; a class folder holds only images.");
            }

            files.AddRange(images);
            labels.AddRange(Enumerable.Repeat(label, images.Count));
        }

        if (files.Count == 0)
        {
            throw new DataFormatException(directory, $"the class sub-folders of '{directory}' hold no .png, .jpg or .jpeg files.");
        }

        return (files, labels.ToArray(), classes);
    }

    // Names that are all whole numbers (digits "0" … "9") keep their value, so a folder of a few classes keeps their labels.
    private static Dictionary<long, string> Number(string[] names)
    {
        var numbers = names.Select(n => long.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : (long?)null).ToArray();
        return numbers.All(v => v is not null)
            ? names.Zip(numbers).ToDictionary(p => p.Second!.Value, p => p.First)
            : names.Select((n, i) => (n, i)).ToDictionary(p => (long)p.i, p => p.n);
    }

    private static List<string> ImageFiles(string folder)
    {
        var files = Directory.GetFiles(folder).Where(f => !IsHidden(f)).OrderBy(f => f, StringComparer.Ordinal).ToList();
        if (files.FirstOrDefault(f => !Extensions.Contains(Path.GetExtension(f).ToLowerInvariant())) is { } other)
        {
            throw new DataFormatException(other,
                $"'{other}' is not a .png, .jpg or .jpeg file; an image folder holds only images (convert it, or move it out).");
        }

        return files;
    }

    private static bool IsHidden(string path) => Path.GetFileName(path).StartsWith('.');

    private static void Decode(string path, int channels, int height, int width, bool resize, Span<float> destination)
    {
        using var codec = SKCodec.Create(path, out var opened);
        if (codec is null)
        {
            throw new DataFormatException(path, $"'{path}' is {Describe(opened)}; replace it with an intact PNG or JPEG file, or remove it.");
        }

        if (codec.EncodedFormat is not (SKEncodedImageFormat.Png or SKEncodedImageFormat.Jpeg))
        {
            throw new DataFormatException(path, $"'{path}' is a {codec.EncodedFormat} image; only PNG and JPEG are read: convert it.");
        }

        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var decoded = new SKBitmap(info);
        var result = codec.GetPixels(info, decoded.GetPixels());
        if (result != SKCodecResult.Success)
        {
            throw new DataFormatException(path, $"'{path}' is {Describe(result)}; replace it with an intact PNG or JPEG file, or remove it.");
        }

        if (info.Width != width || info.Height != height)
        {
            if (!resize)
            {
                throw new DataFormatException(path, FormattableString.Invariant(
                    $"'{path}' is {info.Width}×{info.Height} pixels but the model takes {width}×{height}; resize the images, or ask for resizing (--resize in the examples, DataFolderOptions.Resize in code)."));
            }

            using var resized = decoded.Resize(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
            Copy(resized, channels, destination);
            return;
        }

        Copy(decoded, channels, destination);
    }

    // Channel-first values in 0..255 from RGBA bytes; one channel is the image's grey level (R = G = B for a grey image,
    // else the Rec. 601 luminance), alpha is dropped.
    private static void Copy(SKBitmap bitmap, int channels, Span<float> destination)
    {
        var bytes = bitmap.GetPixelSpan();
        var pixelCount = bitmap.Width * bitmap.Height;
        for (var p = 0; p < pixelCount; p++)
        {
            byte r = bytes[4 * p], g = bytes[(4 * p) + 1], b = bytes[(4 * p) + 2];
            if (channels == 1)
            {
                destination[p] = r == g && g == b ? r : (0.299f * r) + (0.587f * g) + (0.114f * b);
            }
            else
            {
                destination[p] = r;
                destination[pixelCount + p] = g;
                destination[(2 * pixelCount) + p] = b;
            }
        }
    }

    private static string Describe(SKCodecResult result) => result switch
    {
        SKCodecResult.IncompleteInput or SKCodecResult.ErrorInInput => "truncated or corrupt (it cannot be decoded completely)",
        SKCodecResult.Unimplemented => "not an image in a format SkiaSharp decodes",
        _ => $"not a PNG or JPEG image SkiaSharp can decode ({result})",
    };
}
