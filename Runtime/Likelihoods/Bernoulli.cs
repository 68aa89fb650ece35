using static TorchSharp.torch;

namespace VaeDsl.Runtime.Likelihoods;

/// <summary><c>likelihood Bernoulli</c>: independent Bernoulli per element, the decoder's output being logits.</summary>
public sealed class Bernoulli : Likelihood
{
    /// <summary>Creates the likelihood; it has no parameters.</summary>
    public Bernoulli() : base(nameof(Bernoulli))
    {
    }

    /// <inheritdoc/>
    public override Tensor LogProb(Tensor output, Tensor x) => BernoulliLikelihood.LogProb(output, x);

    /// <summary>−log p(x|z) averaged over the batch, as one fused binary cross-entropy.</summary>
    public override Tensor NegativeLogLikelihood(Tensor output, Tensor x) => BernoulliLikelihood.NegativeLogLikelihood(output, x);

    /// <summary>The probabilities, <c>sigmoid(logits)</c>.</summary>
    public override Tensor Mean(Tensor output) => BernoulliLikelihood.Mean(output);
}
