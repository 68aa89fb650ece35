using System;
using VaeDsl.Runtime.Numerics;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Distributions;

/// <summary>The fixed prior p(z) = N(0, I). It has no parameters; the static members serve code without a model.</summary>
public sealed class StandardNormalPrior : NormalPrior
{
    // An empty buffer, not saved with the weights, that moves with the module: it tells Sample the model's device.
    private const string DeviceAnchor = "device_anchor";

    /// <summary>Creates the prior over <paramref name="latentSize"/> dimensions.</summary>
    public StandardNormalPrior(long latentSize) : base(nameof(StandardNormalPrior), latentSize)
    {
        register_buffer(DeviceAnchor, empty(0, device: CPU), persistent: false);
    }

    /// <summary><paramref name="count"/> samples of dimension <paramref name="size"/>, [count, size], from the global
    /// generator, on <paramref name="device"/> (the CPU when null).</summary>
    public static Tensor Sample(long count, long size, Device? device = null)
    {
        if (count <= 0 || size <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(count), $"sample count ({count}) and size ({size}) must be positive");
        }

        return randn(count, size, device: device ?? CPU);
    }

    /// <summary>log N(z; 0, I) per example, [B], summed over all non-batch dimensions.</summary>
    public static Tensor LogDensity(Tensor z)
    {
        ArgumentNullException.ThrowIfNull(z);
        return BatchReductions.SumExceptBatch(z.square() + LogConstants.LogTwoPi) * -0.5;
    }

    /// <inheritdoc/>
    public override Tensor LogProb(Tensor z) => LogDensity(z);

    /// <inheritdoc/>
    public override Tensor Sample(long count) => Sample(count, LatentSize, get_buffer(DeviceAnchor)!.device);

    /// <inheritdoc/>
    public override Tensor? ClosedFormKl(DiagonalNormal posterior) => posterior.KlToStandardNormal();

    /// <inheritdoc/>
    public override Tensor? KlPerDimension(DiagonalNormal posterior) => posterior.KlToStandardNormalPerDimension();

    /// <summary>The batch mean of the closed-form KL as one reduction.</summary>
    public override Tensor KlMean(DiagonalNormal posterior, Tensor sample) => posterior.KlToStandardNormalMean();
}
