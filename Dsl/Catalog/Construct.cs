using System.Collections.Generic;
using System.Linq;

namespace VaeDsl.Dsl.Catalog;

/// <summary>One construct of the language, as the binder checks it, the generator emits it, the docs list it and
/// an editor completes it: its kind and name, its parameters in positional order, a one-line description and
/// the rule for the shape it produces or needs.</summary>
public sealed record Construct(ConstructKind Kind, string Name, string Doc, IReadOnlyList<ConstructParameter> Parameters)
{
    /// <summary>What the construct does to shapes, as text: "[C, H, W] → [channels, H', W']"; empty when it has none.</summary>
    public string ShapeRule { get; init; } = "";

    /// <summary>A layer that takes a <c>{ … }</c> body (<c>residual</c>).</summary>
    public bool TakesBody { get; init; }

    /// <summary>A layer naming a C# type of the project, <c>custom T(…) [n] -> [n]</c>: its arguments go to the type's
    /// constructor and its output shape is declared, not inferred (<see cref="Parameters"/> is empty).</summary>
    public bool IsCustom { get; init; }

    /// <summary>For a custom layer, what is written after its keyword, piece by piece: fixed text and the placeholders
    /// the writer fills in (the type, its arguments, the shapes). <see cref="Signature"/> and an editor's snippet are
    /// made from it; empty for every other construct.</summary>
    public IReadOnlyList<SyntaxPiece> Form { get; init; } = new SyntaxPiece[0];

    /// <summary>A layer whose arguments are any number of positional integers (<c>reshape</c>); <see cref="Parameters"/> is empty.</summary>
    public bool Variadic { get; init; }

    /// <summary>For a prior, the latent families it fits (the first prior fitting a family is that family's default);
    /// for a flow, the latent families it transforms; for a weight schedule, the loss terms it may apply to (empty: any
    /// term).</summary>
    public IReadOnlyList<string> Fits { get; init; } = ConstructParameter.NoWords;

    /// <summary>For a weight schedule, the schedules it cannot be combined with on the same term.</summary>
    public IReadOnlyList<string> Excludes { get; init; } = ConstructParameter.NoWords;

    /// <summary>For a prior: KL(q‖p) to it has a closed form, so <c>kl</c> is computed analytically.</summary>
    public bool ClosedFormKl { get; init; }

    /// <summary>For a prior: it is conditioned on the latent above it in a hierarchy and needs <c>given LATENT { … }</c>;
    /// its Runtime class takes the size of that latent's network output and the latent size.</summary>
    public bool Conditional { get; init; }

    /// <summary>For a prior: its Runtime class also takes the model's encoder and input shape (the VampPrior mixes
    /// the posteriors of pseudo-inputs).</summary>
    public bool TakesEncoder { get; init; }

    /// <summary>For a prior: how many trainable parameters its Runtime class holds, from the latent's size, the input's
    /// element count and the prior's arguments; null for a prior without parameters.</summary>
    public System.Func<PriorDimensions, long>? CountParameters { get; init; }

    /// <summary>For a flow: how many trainable parameters its Runtime class holds, from the latent's size, the context
    /// features it reads and the flow's arguments.</summary>
    public System.Func<FlowDimensions, long>? CountFlowParameters { get; init; }

    /// <summary>For a flow: its Boolean parameter that makes every step read the features the latent's heads read (the
    /// encoder's output, and the condition: an IAF's context, an amortised flow's parameters); null when it reads none. The Runtime class then takes their size last,
    /// as <c>contextFeatures</c>.</summary>
    public string? ContextParameter { get; init; }

    /// <summary>For a likelihood: what its decoder produces, as generated code names and documents it.</summary>
    public DecoderOutput? Output { get; init; }

    /// <summary>The Runtime member that implements it, relative to the <c>VaeDsl.Runtime</c> namespace: a
    /// <c>LayerStack</c> method for a layer (<c>LayerStack.Conv2d</c>), a type for the others
    /// (<c>Distributions.DiagonalNormal</c>); null where generated code needs no Runtime member of its own. A prior
    /// of Normal latents names a <c>NormalPrior</c> whose constructor takes the latent size, then the prior's
    /// parameters in order (then the encoder and input shape where <see cref="TakesEncoder"/>).</summary>
    public string? Runtime { get; init; }

    /// <summary>Where the construct may be written.</summary>
    public string Appears => ConstructCatalog.WhereItAppears(Kind);

    /// <summary>The construct as a signature shows it: <c>conv2d(channels, kernel, stride: 1, …)</c>.</summary>
    public string Signature => Form.Count > 0
        ? Name + " " + string.Concat(Form.Select(p => p.Text))
        : Variadic
        ? Name + "(d0, d1, …)"
        : Parameters.Count == 0
            ? Name + (TakesBody ? " { … }" : "")
            : Name + "(" + string.Join(", ", Parameters.Select(p => p.SignatureText)) + ")" + (TakesBody ? " { … }" : "");

    /// <summary>The parameter called <paramref name="name"/>, or null.</summary>
    public ConstructParameter? Parameter(string name) => Parameters.FirstOrDefault(p => p.Name == name);

    /// <summary>How the shape checker treats a layer; null for other kinds.</summary>
    internal LayerShape? Shape { get; init; }
}

/// <summary>What a prior's parameter count depends on.</summary>
/// <param name="LatentSize">The latent's size.</param>
/// <param name="InputElements">The number of elements of one input example.</param>
/// <param name="Argument">The value of one of the prior's integer arguments, by name (the default when not written).</param>
public sealed record PriorDimensions(long LatentSize, long InputElements, System.Func<string, long> Argument);

/// <summary>What a flow's parameter count depends on.</summary>
/// <param name="LatentSize">The latent's size.</param>
/// <param name="ContextFeatures">The size of the context the flow's steps read; 0 when they read none.</param>
/// <param name="Argument">The value of one of the flow's integer arguments, by name (the default when not written).</param>
public sealed record FlowDimensions(long LatentSize, long ContextFeatures, System.Func<string, long> Argument);

/// <summary>The families of shape rules the checker knows; a new layer picks one (with its number of spatial
/// dimensions) or gets a new rule in <c>ShapeInference</c>.</summary>
internal enum LayerShapeRule
{
    /// <summary>Acts on the last dimension: <c>[…, F] → […, features]</c>.</summary>
    Linear,
    Convolution,
    TransposedConvolution,
    Pool,
    Upsample,
    BatchNorm,
    GroupNorm,
    /// <summary>Normalises over every non-batch dimension with a learned scale and shift per element; shape kept.</summary>
    LayerNorm,
    Flatten,
    Reshape,
    Embedding,
    Residual,
    /// <summary>A custom layer: the output shape is the one declared in the file.</summary>
    Declared,
    /// <summary>lstm and gru: <c>[L, F] → [L, H·d]</c> or <c>[H·d]</c>.</summary>
    Recurrent,
    /// <summary>self_attention and transformer: <c>[L, E]</c> with heads dividing E; shape kept.</summary>
    Attention,
    /// <summary>A position embedding added to <c>[L, E]</c>; shape kept.</summary>
    Positional,
    /// <summary><c>[C·r², H, W] → [C, H·r, W·r]</c>.</summary>
    PixelShuffle,
    /// <summary>teacher_forcing: <c>[F] → [L, F + dim]</c> for the model's L input tokens; the decoder's first layer.</summary>
    TeacherForcing,
    /// <summary>Activations and dropout: the shape is kept.</summary>
    Keep,
}

/// <summary>A layer's shape rule and, for convolutions and pooling, its number of spatial dimensions.</summary>
internal sealed record LayerShape(LayerShapeRule Rule, int Spatial = 0)
{
    /// <summary>The input a convolution or pooling layer of this rank needs, as the message shows it.</summary>
    public string SpatialInput => Spatial == 1 ? "[C, L]" : "[C, H, W]";
}

/// <summary>A piece of a construct's written <see cref="Construct.Form"/>: text written as it is, or a placeholder
/// (<see cref="Placeholder"/>) showing what goes there.</summary>
public sealed record SyntaxPiece(string Text, bool Placeholder)
{
    public static SyntaxPiece Fixed(string text) => new(text, false);

    public static SyntaxPiece Slot(string text) => new(text, true);
}
