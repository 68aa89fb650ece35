using static TorchSharp.torch;

namespace VaeDsl.Runtime.Likelihoods;

/// <summary><c>likelihood Categorical256</c>: a categorical over the 256 grey levels of each element, the decoder's output
/// being logits [B, 256, …], levels first.</summary>
public sealed class Categorical256 : Likelihood
{
    /// <summary>Creates the likelihood; it has no parameters.</summary>
    public Categorical256() : base(nameof(Categorical256))
    {
    }

    /// <inheritdoc/>
    public override Tensor LogProb(Tensor output, Tensor x) => CategoricalPixelLikelihood.LogProb(output, x);

    /// <summary>The mean grey level in [0, 1].</summary>
    public override Tensor Mean(Tensor output) => CategoricalPixelLikelihood.Mean(output);
}
