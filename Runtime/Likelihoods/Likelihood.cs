using System;
using TorchSharp;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Likelihoods;

/// <summary>
/// The likelihood p(x|z) as a generated model holds it, in its field <c>likelihood</c>: it reads the decoder's output
/// (logits, a mean or a location) and gives log p(x|z), the reconstruction term and the mean in data space. One
/// subclass per likelihood of the .vae language; its own learned parameters, if any, are its submodule's
/// (<c>likelihood.log_var</c>). The static <c>…Likelihood</c> classes hold the densities the subclasses compute with.
/// </summary>
public abstract class Likelihood : nn.Module
{
    /// <summary>Creates the likelihood module.</summary>
    protected Likelihood(string name) : base(name)
    {
    }

    /// <summary>log p(x|z) per example, [B], from the decoder's output for the batch <paramref name="x"/>.</summary>
    public abstract Tensor LogProb(Tensor output, Tensor x);

    /// <summary>−log p(x|z) averaged over the batch: the reconstruction term of a loss.</summary>
    public virtual Tensor NegativeLogLikelihood(Tensor output, Tensor x) => -LogProb(output, x).mean();

    /// <summary>The likelihood's mean in data space, from the decoder's output (the output itself where it is the mean).</summary>
    public virtual Tensor Mean(Tensor output)
    {
        ArgumentNullException.ThrowIfNull(output);
        return output;
    }
}
