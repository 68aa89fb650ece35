using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Distributions;

/// <summary>
/// Maps features [B, inFeatures] to a <see cref="DiagonalNormal"/> posterior [B, latentSize] with two linear
/// layers, whose state_dict keys are <c>mean.*</c> and <c>log_var.*</c>.
/// </summary>
public sealed class DiagonalNormalHead : nn.Module<Tensor, DiagonalNormal>
{
#pragma warning disable IDE1006 // field names are state_dict keys and follow PyTorch's snake_case
    private readonly Linear mean;
    private readonly Linear log_var;
#pragma warning restore IDE1006

    /// <summary>Creates the head.</summary>
    /// <param name="inFeatures">Size of the feature vector it reads.</param>
    /// <param name="latentSize">Number of latent dimensions.</param>
    public DiagonalNormalHead(long inFeatures, long latentSize) : base(nameof(DiagonalNormalHead))
    {
        if (inFeatures <= 0)
        {
            throw new ModelShapeException($"normal posterior head: input features must be positive but are {inFeatures}");
        }

        if (latentSize <= 0)
        {
            throw new ModelShapeException($"normal posterior head: latent size must be positive but is {latentSize}");
        }

        InFeatures = inFeatures;
        LatentSize = latentSize;
        mean = nn.Linear(inFeatures, latentSize);
        log_var = nn.Linear(inFeatures, latentSize);
        RegisterComponents();
    }

    /// <summary>Size of the feature vector the head reads.</summary>
    public long InFeatures { get; }

    /// <summary>Number of latent dimensions.</summary>
    public long LatentSize { get; }

    /// <summary>The posterior for a batch of features [B, InFeatures].</summary>
    public override DiagonalNormal forward(Tensor input) => new(mean.forward(input), log_var.forward(input));
}
