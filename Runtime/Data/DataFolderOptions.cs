using System.Collections.Generic;

namespace VaeDsl.Runtime.Data;

/// <summary>How <see cref="DataFolder.Load"/> turns a folder's files into a training and a test set.</summary>
public sealed record DataFolderOptions
{
    /// <summary>The model's input shape (its <c>InputShape</c>): examples are checked against it (a flat array of the
    /// same number of values is reshaped), and images are decoded to its channels and size. Null keeps the files'
    /// shapes (an image folder then takes the first image's size, in RGB).</summary>
    public IReadOnlyList<long>? InputShape { get; init; }

    /// <summary>Scale images of another size to the input's (bilinear) instead of refusing them.</summary>
    public bool Resize { get; init; }

    /// <summary>The model is conditional: a folder without labels is refused, naming what to add.</summary>
    public bool NeedsLabels { get; init; }

    /// <summary>Dynamic binarisation (Burda et al. 2016): the training set is binarised afresh in every batch, the
    /// test set once with <see cref="BinarizationSeed"/>. Needs values in [0, 1].</summary>
    public bool DynamicBinarization { get; init; }

    /// <summary>The seed of the test set's one binarisation under <see cref="DynamicBinarization"/>.</summary>
    public long BinarizationSeed { get; init; } = 2016;
}
