using System.Collections.Generic;
using static VaeDsl.Dsl.Catalog.ConstructParameter;

namespace VaeDsl.Dsl.Catalog;

public static partial class ConstructCatalog
{
    private static IEnumerable<Construct> ConditionEntries()
    {
        yield return new Construct(ConstructKind.Condition, "onehot", "A class label, an integer in 0..classes − 1, fed as a one-hot vector.",
            new[] { Int("classes", "Number of classes.") })
        { ShapeRule = "[classes] features beside the encoder output and the latents", Runtime = "Conditioning" };
        yield return new Construct(ConstructKind.Condition, "vector", "A vector of numbers given with each example.",
            new[] { Int("size", "Length of the vector.") })
        { ShapeRule = "[size] features beside the encoder output and the latents", Runtime = "Conditioning" };
    }

    private static IEnumerable<Construct> LatentEntries()
    {
        yield return new Construct(ConstructKind.LatentFamily, "Normal", "A diagonal Gaussian posterior, reparameterised.",
            new[] { Int("size", "Number of latent dimensions.") })
        { ShapeRule = "size", Runtime = "Distributions.DiagonalNormal" };
        yield return new Construct(ConstructKind.LatentFamily, "Categorical", "Independent one-hot codes (groups of them), relaxed by the Gumbel-softmax.",
            Relaxed(Int("categories", "Categories of each one-hot code.", ValueRange.AtLeastTwo), categorical: true))
        { ShapeRule = "categories × groups", Runtime = "Distributions.RelaxedCategorical" };
        yield return new Construct(ConstructKind.LatentFamily, "Bernoulli", "Independent bits, relaxed by the binary concrete distribution.",
            Relaxed(Int("size", "Number of bits."), categorical: false))
        { ShapeRule = "size", Runtime = "Distributions.RelaxedBernoulli" };
        yield return new Construct(ConstructKind.LatentFamily, "VectorQuantized", "The encoder's output snapped to the nearest of a learned codebook's vectors at each position, with straight-through gradients (VQ-VAE, van den Oord et al., 2017).", new[]
        {
            Int("codes", "Number of code vectors in the codebook.", ValueRange.AtLeastTwo),
            Int("dim", "Dimension of each code vector: the encoder's output channels."),
            Float("commitment", "β, the weight of the commitment loss ‖z_e − sg[e]‖² in vq.", ValueRange.NonNegative, 0.25),
            Bool("ema", "Update the codebook by exponential moving averages of the assigned encoder outputs instead of the codebook loss.", false),
            Float("decay", "With ema: true, the decay of the moving averages.", ValueRange.Probability, 0.99),
            Float("epsilon", "With ema: true, the Laplace smoothing of the code counts.", ValueRange.Positive, 1e-5),
            Bool("restart", "Re-initialise dead codes (unused since the last check) from encoder outputs of the next training batch.", false),
            Int("restart_every", "With restart: true, training steps between checks; 0 checks at the end of every epoch.", ValueRange.NonNegative, 0),
        })
        { ShapeRule = "encoder output [dim] or [dim, …positions], quantised at each position; the decoder takes the same shape", Runtime = "Quantization.VectorQuantizer" };
    }

    private static ConstructParameter[] Relaxed(ConstructParameter first, bool categorical)
    {
        var list = new List<ConstructParameter> { first };
        if (categorical) list.Add(Int("groups", "Number of independent one-hot codes.", defaultValue: 1));
        list.Add(Float("temperature", "The relaxation's temperature at the start of training.", ValueRange.Positive, 1.0));
        list.Add(Float("min_temperature", "The lowest temperature annealing reaches.", ValueRange.Positive, 0.5));
        list.Add(Float("anneal_rate", "Per-epoch rate of the exponential temperature decay.", ValueRange.NonNegative, 0.0));
        list.Add(Bool("hard", "Straight-through samples: discrete forward, relaxed gradient.", false));
        return list.ToArray();
    }

    private static IEnumerable<Construct> PriorEntries()
    {
        var normal = new[] { "Normal" };
        yield return new Construct(ConstructKind.Prior, "StandardNormal", "The standard normal N(0, I).", new ConstructParameter[0])
        { Fits = normal, ClosedFormKl = true, Runtime = "Distributions.StandardNormalPrior" };
        yield return new Construct(ConstructKind.Prior, "LearnedNormal", "A diagonal Gaussian with a learned mean and log-variance.", new ConstructParameter[0])
        { Fits = normal, ClosedFormKl = true, Runtime = "Distributions.LearnedNormalPrior", CountParameters = p => 2 * p.LatentSize };
        yield return new Construct(ConstructKind.Prior, "MixtureOfGaussians", "A mixture of diagonal Gaussians with learned means, variances and weights.",
            new[] { Int("components", "Number of mixture components.", defaultValue: 10) })
        { Fits = normal, Runtime = "Distributions.MixtureOfGaussiansPrior", CountParameters = p => p.Argument("components") * (2 * p.LatentSize + 1) };
        yield return new Construct(ConstructKind.Prior, "VampPrior", "The mixture of posteriors of learned pseudo-inputs of the input shape (Tomczak and Welling, 2018).",
            new[] { Int("pseudo_inputs", "Number of learned pseudo-inputs.", defaultValue: 500) })
        { Fits = normal, TakesEncoder = true, Runtime = "Distributions.VampPrior", CountParameters = p => p.Argument("pseudo_inputs") * p.InputElements };
        yield return new Construct(ConstructKind.Prior, "Normal",
            "A conditional diagonal Gaussian p(z|z'), its mean and log-variance computed from the latent above it: prior z1 ~ Normal given z2 { … }.", new ConstructParameter[0])
        { Fits = normal, ClosedFormKl = true, Conditional = true, Runtime = "Distributions.ConditionalNormalPrior" };
        yield return new Construct(ConstructKind.Prior, "Uniform", "The uniform categorical, or Bernoulli(0.5) for bits; the KL is that of the unrelaxed distributions.", new ConstructParameter[0])
        { Fits = new[] { "Categorical", "Bernoulli" }, ClosedFormKl = true, Runtime = "Distributions.UniformPrior" };
        yield return new Construct(ConstructKind.Prior, "FittedCategorical", "A categorical over the codes at each position, fitted after training by counting the codes of the training set.", new ConstructParameter[0])
        { Fits = new[] { "VectorQuantized" }, Runtime = "Quantization.FittedCategoricalPrior" };
    }

    private static IEnumerable<Construct> InferenceEntries()
    {
        yield return new Construct(ConstructKind.Inference, "bottom_up",
            "Each latent's posterior reads a sample of the latent below it: q(z1|x) q(z2|z1) (Burda et al., 2016). The default.", new ConstructParameter[0]);
        yield return new Construct(ConstructKind.Inference, "top_down",
            "The Ladder VAE (Sønderby et al., 2016): a deterministic bottom-up pass, then from the top each posterior is the precision-weighted merge of its bottom-up estimate and its conditional prior.",
            new ConstructParameter[0]);
    }

    private static IEnumerable<Construct> LikelihoodEntries()
    {
        yield return new Construct(ConstructKind.Likelihood, "Bernoulli", "Independent Bernoulli per element; targets in [0, 1].", new ConstructParameter[0])
        { ShapeRule = "the input shape: logits", Runtime = "Likelihoods.Bernoulli", Output = new DecoderOutput("Logits", "The Bernoulli logits of each input element.") };
        yield return new Construct(ConstructKind.Likelihood, "Gaussian", "A Gaussian per element around the decoder's mean.", new[]
        {
            NumberOr("variance", "A fixed variance, or learned: a free log-variance of the model (not a decoder output).", 1.0, "learned")
                with { WhenLearned = new LearnedParameter { Factory = "Learned", PerElementParameter = "per", PerElementWord = "element" } },
            Choice("per", "With variance: learned, one variance for all elements (scalar) or one per input element.", "scalar", "scalar", "element"),
        })
        { ShapeRule = "the input shape: the mean", Runtime = "Likelihoods.Gaussian", Output = new DecoderOutput("Mean", "The mean of the Gaussian over each input element.") };
        yield return new Construct(ConstructKind.Likelihood, "Laplace", "A Laplace distribution per element around the decoder's location.", new[]
        {
            // The learned log-scale is the model's own parameter (state_dict key log_scale, as the PyTorch export has it).
            NumberOr("scale", "A fixed scale, or learned: one free log-scale of the model.", 1.0, "learned")
                with { WhenLearned = new LearnedParameter { ModelParameter = "log_scale" } },
        })
        { ShapeRule = "the input shape: the location", Runtime = "Likelihoods.Laplace", Output = new DecoderOutput("Location", "The location of the Laplace distribution over each input element.") };
        yield return new Construct(ConstructKind.Likelihood, "Categorical256", "A categorical over 256 intensity levels per element; the target of x in [0, 1] is round(255·x).", new ConstructParameter[0])
        {
            ShapeRule = "[256, C, H, W] for input [C, H, W] ([256, D] for [D]): logits, levels first",
            Runtime = "Likelihoods.Categorical256",
            Output = new DecoderOutput("Logits", "The logits over the 256 intensity levels of each input element, levels first.") { Levels = 256 },
        };
        yield return new Construct(ConstructKind.Likelihood, "TokenCategorical", "A categorical over a vocabulary at each position of a token sequence; the input holds token indices in [0, vocab).",
            new[] { Int("vocab", "Number of distinct tokens.", ValueRange.AtLeastTwo) })
        {
            ShapeRule = "[L, vocab] for input [L] (the input shape + [vocab]): logits, vocabulary last",
            Runtime = "Likelihoods.TokenCategorical",
            Output = new DecoderOutput("Logits", "The logits over the vocabulary at each position of the sequence, vocabulary last.") { TrailingFrom = "vocab" },
        };
    }
}
