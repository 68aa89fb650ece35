using System.Collections.Generic;
using VaeDsl.Dsl.Catalog;
using VaeDsl.Dsl.Model;

namespace VaeDsl.Dsl.Navigation;

public enum SuggestionKind
{
    Keyword,
    /// <summary>A catalogue construct: a layer, family, prior, likelihood, loss term, schedule, optimizer.</summary>
    Construct,
    Block,
    /// <summary>An argument name of a call, or a train setting.</summary>
    Parameter,
    /// <summary>A word a parameter takes (<c>bilinear</c>, <c>learned</c>, <c>true</c>).</summary>
    Word,
    HyperParameter,
    BlockParameter,
    /// <summary>A C# type named after <c>custom</c>.</summary>
    CustomType,
    /// <summary>A construct's whole form with placeholders: <c>Insert</c> is an LSP snippet (<c>${1:Type}</c> tab stops).</summary>
    Snippet,
}

/// <summary>Something that may be written at a point. <c>Insert</c> is the text to insert (an argument name
/// comes with its colon); <c>Detail</c> a signature or default; <c>Construct</c> and <c>Parameter</c> the catalogue
/// entry it comes from, if any.</summary>
public sealed record Suggestion(string Label, SuggestionKind Kind, string Insert, string? Detail, string? Documentation)
{
    public Construct? Construct { get; init; }

    public ConstructParameter? Parameter { get; init; }
}

/// <summary>One parameter of a signature, as shown: <c>stride: 1</c>.</summary>
public sealed record SignatureParameter(string Label, string? Documentation);

/// <summary>The call around a point: its signature, its parameters and the one being written (-1 when unknown).</summary>
public sealed record CallSignature(string Label, string? Documentation, IReadOnlyList<SignatureParameter> Parameters, int Active);

/// <summary>The catalogue entry named at a point, and the parameter when the name is an argument or a setting.</summary>
public sealed record ConstructReference(Construct Construct, ConstructParameter? Parameter, SourceSpan Span);
