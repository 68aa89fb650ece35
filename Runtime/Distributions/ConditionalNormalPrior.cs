using System;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Distributions;

/// <summary>
/// The conditional prior p(z | z') of a hierarchy of latents: a diagonal Normal whose mean and log-variance are two
/// linear heads on a network of the latent above, z' (<c>prior z1 ~ Normal given z2 { … }</c>). Its state_dict keys are
/// <c>network.*</c>, <c>mean.*</c> and <c>log_var.*</c>.
/// </summary>
public sealed class ConditionalNormalPrior : nn.Module<Tensor, DiagonalNormal>
{
#pragma warning disable IDE1006 // field names are state_dict keys and follow PyTorch's snake_case
    private readonly Sequential network;
    private readonly Linear mean;
    private readonly Linear log_var;
#pragma warning restore IDE1006

    /// <summary>Creates the prior from the network on the latent above (its output [features]) and the latent's size.</summary>
    /// <param name="network">The layers from the latent above to the heads' features; may be empty.</param>
    /// <param name="features">The size of the network's output.</param>
    /// <param name="latentSize">The size of the latent this prior is over.</param>
    public ConditionalNormalPrior(Sequential network, long features, long latentSize) : base(nameof(ConditionalNormalPrior))
    {
        ArgumentNullException.ThrowIfNull(network);
        if (features <= 0)
        {
            throw new ModelShapeException($"conditional normal prior: the network's output size must be positive but is {features}");
        }

        if (latentSize <= 0)
        {
            throw new ModelShapeException($"conditional normal prior: latent size must be positive but is {latentSize}");
        }

        LatentSize = latentSize;
        this.network = network;
        mean = nn.Linear(features, latentSize);
        log_var = nn.Linear(features, latentSize);
        RegisterComponents();
    }

    /// <summary>The number of dimensions of the latent this prior is over.</summary>
    public long LatentSize { get; }

    /// <summary>p(z | z') for a batch of values of the latent above, [B, d'].</summary>
    public override DiagonalNormal forward(Tensor above)
    {
        var features = network.forward(above);
        return new DiagonalNormal(mean.forward(features), log_var.forward(features));
    }
}
