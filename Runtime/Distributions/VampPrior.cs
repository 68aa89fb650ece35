using System;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Distributions;

/// <summary>
/// The VampPrior (Tomczak and Welling 2018): p(z) = 1/K Σₖ q(z | uₖ), a mixture of the encoder's posteriors at K
/// learned pseudo-inputs <c>pseudo_inputs</c> [K, ...input shape]. The encoder belongs to the model, so the model
/// passes it in (a function from inputs to q(z|x)); the prior holds only the pseudo-inputs.
/// </summary>
public sealed class VampPrior : NormalPrior
{
    private readonly Func<Tensor, DiagonalNormal> encode;

#pragma warning disable IDE1006 // field name is the state_dict key
    private readonly Parameter pseudo_inputs;
#pragma warning restore IDE1006

    /// <summary>Creates <paramref name="pseudoInputs"/> pseudo-inputs of <paramref name="inputShape"/>, initialised
    /// uniformly in [0, 1), mixed through <paramref name="encode"/>, the model's q(z|x) over <paramref name="latentSize"/> dimensions.</summary>
    public VampPrior(long latentSize, long pseudoInputs, Func<Tensor, DiagonalNormal> encode, params long[] inputShape)
        : base(nameof(VampPrior), latentSize)
    {
        ArgumentNullException.ThrowIfNull(encode);
        ArgumentNullException.ThrowIfNull(inputShape);
        if (pseudoInputs <= 0 || inputShape.Length == 0 || inputShape.Any(d => d <= 0))
        {
            throw new ModelShapeException(
                $"VampPrior: pseudo-inputs ({pseudoInputs}) and input shape [{string.Join(", ", inputShape)}] must be positive");
        }

        this.encode = encode;
        pseudo_inputs = new Parameter(rand(inputShape.Prepend(pseudoInputs).ToArray()));
        RegisterComponents();
    }

    /// <summary>The pseudo-inputs, [K, ...input shape].</summary>
    public Tensor PseudoInputs => pseudo_inputs;

    /// <summary>log p(z) per example, [B]: log-sum-exp over components of log q(z | uₖ), minus log K.</summary>
    public override Tensor LogProb(Tensor z)
    {
        ArgumentNullException.ThrowIfNull(z);
        var components = encode(pseudo_inputs); // [K, d]
        var k = components.Mean.shape[0];
        var zb = z.unsqueeze(1); // [B, 1, d]
        var logQ = ((zb - components.Mean).square() * (-components.LogVar).exp() + components.LogVar + Math.Log(2 * Math.PI)).sum(2) * -0.5;
        return logQ.logsumexp(1) - Math.Log(k);
    }

    /// <summary><paramref name="count"/> samples: a pseudo-input uniformly, then a draw from its posterior.</summary>
    public override Tensor Sample(long count)
    {
        var components = encode(pseudo_inputs);
        var chosen = randint(0, components.Mean.shape[0], new[] { count }, device: components.Mean.device);
        var mean = components.Mean.index_select(0, chosen);
        var std = (components.LogVar.index_select(0, chosen) * 0.5).exp();
        return mean + std * randn_like(mean);
    }
}
