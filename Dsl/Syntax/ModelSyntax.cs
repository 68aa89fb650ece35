using System.Collections.Generic;

namespace VaeDsl.Dsl.Syntax;

/// <summary>One member of a model body.</summary>
internal abstract record MemberSyntax(TextRange KeywordRange, TextRange Range);

internal sealed record InputSyntax(string Name, TextRange NameRange, IReadOnlyList<ExprSyntax> Dimensions, TextRange KeywordRange, TextRange Range)
    : MemberSyntax(KeywordRange, Range);

internal sealed record ConditionSyntax(string Name, TextRange NameRange, ExprSyntax Kind, TextRange KeywordRange, TextRange Range)
    : MemberSyntax(KeywordRange, Range);

internal sealed record HyperDefinitionSyntax(string Name, TextRange NameRange, ExprSyntax Value, string? Documentation, TextRange Range);

internal sealed record HyperSyntax(IReadOnlyList<HyperDefinitionSyntax> Definitions, TextRange KeywordRange, TextRange Range)
    : MemberSyntax(KeywordRange, Range);

/// <summary><c>encoder { … }</c> or <c>decoder { … }</c>.</summary>
internal sealed record SectionSyntax(string Kind, IReadOnlyList<LayerItemSyntax> Layers, TextRange CloseRange, TextRange KeywordRange, TextRange Range)
    : MemberSyntax(KeywordRange, Range);

/// <summary><c>latent z ~ Normal(16)</c> or <c>prior z ~ StandardNormal</c>; a latent may end with a flow,
/// <c>flow planar(steps: 8)</c>. <c>Link</c> is the clause of a hierarchy: <c>from z1 { … }</c> after a latent,
/// <c>given z2 { … }</c> after a prior.</summary>
internal sealed record DistributionSyntax(string Keyword, string Name, TextRange NameRange, ExprSyntax Family, TextRange KeywordRange, TextRange Range)
    : MemberSyntax(KeywordRange, Range)
{
    /// <summary>The flow after the family (<c>planar(steps: 8)</c>), or null.</summary>
    public ExprSyntax? Flow { get; init; }

    /// <summary>The word <c>flow</c>, when there is a flow.</summary>
    public TextRange FlowKeywordRange { get; init; }

    /// <summary>The <c>from</c> or <c>given</c> clause, or null.</summary>
    public LinkSyntax? Link { get; init; }
}

/// <summary><c>from z1 { layers }</c> or <c>given z2 { layers }</c>: the latent a distribution reads and the optional
/// network between them (null when no braces were written).</summary>
internal sealed record LinkSyntax(string Keyword, TextRange KeywordRange, string Name, TextRange NameRange, IReadOnlyList<LayerItemSyntax>? Layers, TextRange Range);

/// <summary><c>inference top_down</c>: how the posterior of a hierarchy of latents is computed.</summary>
internal sealed record InferenceSyntax(ExprSyntax Mode, TextRange KeywordRange, TextRange Range) : MemberSyntax(KeywordRange, Range);

internal sealed record LikelihoodSyntax(ExprSyntax Family, TextRange KeywordRange, TextRange Range) : MemberSyntax(KeywordRange, Range);

internal sealed record LossSyntax(ExprSyntax Sum, IReadOnlyList<CallSyntax> Schedules, TextRange KeywordRange, TextRange Range)
    : MemberSyntax(KeywordRange, Range);

internal sealed record TrainEntrySyntax(string Name, TextRange NameRange, ExprSyntax Value, TextRange Range);

internal sealed record TrainSyntax(IReadOnlyList<TrainEntrySyntax> Entries, TextRange KeywordRange, TextRange Range) : MemberSyntax(KeywordRange, Range);

internal sealed record BlockParameterSyntax(string Name, TextRange NameRange, ExprSyntax? Default);

/// <summary><c>block Down(c, k = 4) { … }</c>, at file level or inside a model.</summary>
internal sealed record BlockSyntax(string Name, TextRange NameRange, IReadOnlyList<BlockParameterSyntax> Parameters, IReadOnlyList<LayerItemSyntax> Body, TextRange KeywordRange, TextRange Range)
    : MemberSyntax(KeywordRange, Range);

/// <summary>A model. <c>FailedMembers</c> names the keywords of members that had syntax errors, so the binder
/// neither reports them as missing nor warns about hyper-parameters they may have used.</summary>
internal sealed record ModelSyntax(string Name, TextRange NameRange, string? Documentation, IReadOnlyList<MemberSyntax> Members, IReadOnlyList<string> FailedMembers, TextRange Range)
{
    /// <summary>Names that <c>hyper</c> lines with syntax errors were defining: known, but without a value.</summary>
    public IReadOnlyList<string> PartialHyperNames { get; init; } = new string[0];
}

internal sealed record FileSyntax(string? Namespace, TextRange NamespaceRange, IReadOnlyList<BlockSyntax> Blocks, IReadOnlyList<ModelSyntax> Models);
