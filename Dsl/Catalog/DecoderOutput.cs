namespace VaeDsl.Dsl.Catalog;

/// <summary>What a likelihood's decoder produces: the name generated code and the PyTorch export give it (the forward
/// record's property <c>Logits</c>, <c>Mean</c>, <c>Location</c>; its lower-case form is the local), one sentence
/// for its doc comment, and, for a categorical over levels, the leading dimension of levels.</summary>
/// <param name="Name">The forward record's property, in PascalCase.</param>
/// <param name="Doc">One sentence that documents it ("The Bernoulli logits of each input element.").</param>
public sealed record DecoderOutput(string Name, string Doc)
{
    /// <summary>A leading dimension the decoder adds before the input shape (256 levels for <c>Categorical256</c>:
    /// <c>[256, C, H, W]</c> for the input <c>[C, H, W]</c>); null when the decoder produces the input shape.</summary>
    public long? Levels { get; init; }

    /// <summary>The integer parameter whose value is a trailing dimension the decoder adds after the input shape
    /// (<c>vocab</c> for <c>TokenCategorical</c>: <c>[L, vocab]</c> for the input <c>[L]</c>); null when there is none.</summary>
    public string? TrailingFrom { get; init; }
}

/// <summary>How a likelihood is built when its parameter is written <c>learned</c>. The likelihood's other numeric
/// parameters come first in its Runtime call, in the entry's order, as written or at their defaults; then, with
/// <see cref="Factory"/>, the example's shape when <see cref="PerElementParameter"/> says so, or with
/// <see cref="ModelParameter"/>, a <c>Func&lt;Tensor&gt;</c> that reads the model's parameter.</summary>
public sealed record LearnedParameter
{
    /// <summary>A static method of the likelihood's Runtime class that creates the learned tensor inside the
    /// likelihood (<c>Gaussian.Learned</c>: state_dict key <c>likelihood.log_var</c>).</summary>
    public string? Factory { get; init; }

    /// <summary>The name of a parameter the model holds itself, zeros of shape [1], which is also its state_dict key
    /// (<c>log_scale</c>); the Runtime constructor reads it through a <c>Func&lt;Tensor&gt;</c> at each use.</summary>
    public string? ModelParameter { get; init; }

    /// <summary>The word parameter that makes the learned tensor one value per input element (<c>per</c>), with
    /// <see cref="PerElementWord"/>; null when it is always one value.</summary>
    public string? PerElementParameter { get; init; }

    /// <summary>The word of <see cref="PerElementParameter"/> that asks for one value per element (<c>element</c>).</summary>
    public string? PerElementWord { get; init; }
}
