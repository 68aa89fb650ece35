using System;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Distributions;

/// <summary>
/// The VampPrior (Tomczak and Welling 2018): p(z) = 1/K Σₖ q(z | uₖ), a mixture of the encoder's posteriors at K
/// learned pseudo-inputs <c>pseudo_inputs</c> [K, ...input shape]. The encoder is passed to each call because it
/// belongs to the model.
/// </summary>
public sealed class VampPrior : nn.Module
{
#pragma warning disable IDE1006 // field name is the state_dict key
    private readonly Parameter pseudo_inputs;
#pragma warning restore IDE1006

    /// <summary>Creates <paramref name="components"/> pseudo-inputs of <paramref name="inputShape"/>, initialised uniformly in [0, 1).</summary>
    public VampPrior(long components, params long[] inputShape) : base(nameof(VampPrior))
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        if (components <= 0 || inputShape.Length == 0 || inputShape.Any(d => d <= 0))
        {
            throw new ModelShapeException(
                $"VampPrior: components ({components}) and input shape [{string.Join(", ", inputShape)}] must be positive");
        }

        pseudo_inputs = new Parameter(rand(inputShape.Prepend(components).ToArray()));
        RegisterComponents();
    }

    /// <summary>The pseudo-inputs, [K, ...input shape].</summary>
    public Tensor PseudoInputs => pseudo_inputs;

    /// <summary>log p(z) per example, [B]: log-sum-exp over components of log q(z | uₖ), minus log K.</summary>
    public Tensor LogProb(Tensor z, Func<Tensor, DiagonalNormal> encode)
    {
        ArgumentNullException.ThrowIfNull(z);
        ArgumentNullException.ThrowIfNull(encode);
        var components = encode(pseudo_inputs); // [K, d]
        var k = components.Mean.shape[0];
        var zb = z.unsqueeze(1); // [B, 1, d]
        var logQ = ((zb - components.Mean).square() * (-components.LogVar).exp() + components.LogVar + Math.Log(2 * Math.PI)).sum(2) * -0.5;
        return logQ.logsumexp(1) - Math.Log(k);
    }

    /// <summary><paramref name="count"/> samples: a pseudo-input uniformly, then a draw from its posterior.</summary>
    public Tensor Sample(long count, Func<Tensor, DiagonalNormal> encode)
    {
        ArgumentNullException.ThrowIfNull(encode);
        var components = encode(pseudo_inputs);
        var chosen = randint(0, components.Mean.shape[0], new[] { count });
        var mean = components.Mean.index_select(0, chosen);
        var std = (components.LogVar.index_select(0, chosen) * 0.5).exp();
        return mean + std * randn_like(mean);
    }
}
