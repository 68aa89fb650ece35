using System.Collections.Generic;
using System.Linq;

namespace VaeDsl.Dsl.Model;

/// <summary>Everything the front end learned from one .vae file: its models (only those free of errors)
/// and every diagnostic found.</summary>
public sealed record CheckedFile(string Path, string? Namespace, EquatableArray<CheckedModel> Models, EquatableArray<VaeDiagnostic> Diagnostics);

/// <summary>One model, bound and shape-checked. Immutable and value-equal. <c>NameSpan</c> is the model's name, where
/// errors about the model as a whole (a duplicate, a clash with another model's types) are shown.</summary>
public sealed record CheckedModel(
    string Name,
    string? Documentation,
    SourceSpan Span,
    InputSpec Input,
    ConditionSpec? Condition,
    EquatableArray<HyperParameter> Hypers,
    LayerSequence Encoder,
    EquatableArray<LatentSpec> Latents,
    EquatableArray<PriorSpec> Priors,
    LayerSequence Decoder,
    LikelihoodSpec Likelihood,
    LossSpec Loss,
    TrainSpec Train,
    SourceSpan NameSpan = default,
    string Inference = "bottom_up")
{
    /// <summary>True when latents form a hierarchy: some latent is inferred from another (<c>from</c>) and has a
    /// conditional prior over it (<c>given</c>).</summary>
    public bool IsHierarchical => Latents.Any(l => l.From is not null);

    /// <summary>Every network of the model: the encoder, the decoder and, in a hierarchy, each latent's <c>from</c>
    /// network and each conditional prior's <c>given</c> network.</summary>
    public IEnumerable<LayerSequence> Networks() =>
        new[] { Encoder, Decoder }
            .Concat(Latents.Select(l => l.Network))
            .Concat(Priors.Select(p => p.Network))
            .Where(s => s is not null)
            .Select(s => s!);

    /// <summary>Every custom layer of the model, in every network (<see cref="Networks"/>), those inside residual
    /// bodies included.</summary>
    public IEnumerable<LayerSpec> CustomLayers() => Networks().SelectMany(CustomLayersOf);

    private static IEnumerable<LayerSpec> CustomLayersOf(LayerSequence sequence)
    {
        foreach (var layer in sequence.Layers)
        {
            if (layer.Custom is not null) yield return layer;
            if (layer.Body is { } body)
            {
                foreach (var inner in CustomLayersOf(body)) yield return inner;
            }
        }
    }
}

public sealed record InputSpec(string Name, Shape Shape, SourceSpan Span);

/// <summary>An optional condition (class label as one-hot of <c>Classes</c>, or a vector of <c>Size</c>).</summary>
public sealed record ConditionSpec(string Name, string Kind, long Size, SourceSpan Span);

/// <summary>A hyper-parameter: becomes an init-only property of the generated options record.</summary>
public sealed record HyperParameter(string Name, Expr Default, string? Documentation, SourceSpan Span);

/// <summary>A sequence of layers with the shape flowing in and out.</summary>
public sealed record LayerSequence(Shape InputShape, Shape OutputShape, EquatableArray<LayerSpec> Layers);

/// <summary>One layer with every argument resolved (PyTorch's defaults filled in), in the order of the
/// layer's parameter list. <c>Body</c> is non-empty only for wrappers such as <c>residual</c>.</summary>
public sealed record LayerSpec(
    string Kind,
    EquatableArray<Argument> Arguments,
    Shape InputShape,
    Shape OutputShape,
    SourceSpan Span,
    LayerSequence? Body = null,
    CustomLayerSpec? Custom = null);

/// <summary>What a <c>custom</c> layer declares: the C# type as written (resolved by the generator against the
/// project), the names of its input sizes (empty when no input shape is written) and its output shape, whose
/// sizes are expressions over hyper-parameters and those names (<see cref="InputSizeExpr"/>). Its constructor
/// arguments are the layer's <c>Arguments</c>: positional ones named "0", "1", …, named ones by their names.</summary>
public sealed record CustomLayerSpec(string TypeName, SourceSpan TypeSpan, EquatableArray<string> InputNames, EquatableArray<Expr> Output);

/// <summary>A named argument. Numbers carry an expression; a few parameters take a word (e.g. upsample mode).</summary>
public sealed record Argument(string Name, Expr? Number, string? Word = null);

/// <summary>A latent variable and its posterior family: "Normal", "Categorical", "Bernoulli". <c>Flow</c> (added) is the
/// normalizing flow applied to its reparameterised sample, or null. In a hierarchy, <c>From</c> is the latent below it,
/// whose sample (bottom-up inference) or deterministic features (top-down inference) its <c>Network</c> reads before
/// the posterior head; both are null for a latent read from the encoder.</summary>
public sealed record LatentSpec(string Name, string Family, Expr Size, EquatableArray<Argument> Arguments, SourceSpan Span, FlowSpec? Flow = null,
    string? From = null, LayerSequence? Network = null);

/// <summary>A normalizing flow on a Normal latent's sample: "planar", "radial", "iaf", with every argument resolved.
/// Its KL is always Monte Carlo: log q(z_K|x) = log q(z_0|x) − Σ log |det ∂f_k/∂z_{k−1}|.</summary>
public sealed record FlowSpec(string Kind, EquatableArray<Argument> Arguments, SourceSpan Span);

/// <summary>A prior over one latent: "StandardNormal", "LearnedNormal", "MixtureOfGaussians", "VampPrior", ….
/// <c>KlMethod</c> (added) is how KL(q‖p) of this latent is computed: "analytic" or "monte_carlo". A conditional prior
/// (<c>prior z1 ~ Normal given z2 { … }</c>) names the latent above in <c>Given</c>; its <c>Network</c> maps that
/// latent's values to the features of the prior's mean and log-variance heads.</summary>
public sealed record PriorSpec(string LatentName, string Family, EquatableArray<Argument> Arguments, SourceSpan Span, string KlMethod = "",
    string? Given = null, LayerSequence? Network = null);

/// <summary>The likelihood p(x|z): "Bernoulli", "Gaussian", "Laplace", "Categorical256". <c>DecoderShape</c> is
/// what the decoder must produce for it (e.g. [256, C, H, W] for 8-bit categorical).</summary>
public sealed record LikelihoodSpec(string Family, EquatableArray<Argument> Arguments, Shape DecoderShape, SourceSpan Span);

/// <summary>The loss: a weighted sum of named terms. <c>Total = Σ weight × schedule × term</c>.</summary>
public sealed record LossSpec(EquatableArray<LossTerm> Terms, SourceSpan Span);

/// <summary>A loss term. <c>Name</c> is the term as written ("recon", "kl", "tc", "mmd", …), <c>Property</c>
/// the name of its property in the generated loss record. <c>Method</c> tells how it is computed
/// ("analytic" or "monte_carlo" for KL; empty otherwise).</summary>
public sealed record LossTerm(
    string Name,
    string Property,
    Expr Weight,
    EquatableArray<ScheduleSpec> Schedules,
    EquatableArray<Argument> Arguments,
    string Method,
    SourceSpan Span);

/// <summary>A schedule of a term's weight: "warmup", "cyclical", "capacity", "free_bits", ….</summary>
public sealed record ScheduleSpec(string Kind, EquatableArray<Argument> Arguments, SourceSpan Span);

/// <summary>Training settings with every default resolved.</summary>
public sealed record TrainSpec(
    OptimizerSpec Optimizer,
    Expr BatchSize,
    Expr Epochs,
    Expr Seed,
    EquatableArray<Argument> Settings,
    SourceSpan Span);

/// <summary>"adam", "adamw", "sgd", "rmsprop" with resolved arguments (lr, weight_decay, momentum, …).</summary>
public sealed record OptimizerSpec(string Name, EquatableArray<Argument> Arguments, SourceSpan Span);
