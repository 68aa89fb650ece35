namespace VaeDsl.Dsl.Catalog;

/// <summary>What a construct of the language is, which decides where it may be written.</summary>
public enum ConstructKind
{
    /// <summary>A layer in an encoder, decoder, block, <c>repeat</c> or <c>residual</c> body.</summary>
    Layer,

    /// <summary>The kind of a condition: <c>condition y: onehot(10)</c>.</summary>
    Condition,

    /// <summary>A posterior family: <c>latent z ~ Normal(16)</c>.</summary>
    LatentFamily,

    /// <summary>A normalizing flow on a latent's posterior sample: <c>latent z ~ Normal(16) flow planar(steps: 8)</c>.</summary>
    Flow,

    /// <summary>A prior over a latent: <c>prior z ~ StandardNormal</c>.</summary>
    Prior,

    /// <summary>How a hierarchy of latents is inferred: <c>inference top_down</c>.</summary>
    Inference,

    /// <summary>The likelihood p(x|z): <c>likelihood Bernoulli</c>.</summary>
    Likelihood,

    /// <summary>A term of the loss sum: <c>loss = recon + kl</c>.</summary>
    LossTerm,

    /// <summary>A schedule of a loss term's weight, after the sum: <c>warmup(kl, epochs: 10)</c>.</summary>
    WeightSchedule,

    /// <summary>The value of <c>optimizer:</c> in <c>train { … }</c>.</summary>
    Optimizer,

    /// <summary>The value of <c>schedule:</c> in <c>train { … }</c>.</summary>
    LearningRateSchedule,

    /// <summary>The <c>train { … }</c> block, whose parameters are the training settings.</summary>
    Training,
}
