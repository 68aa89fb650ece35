using System.Collections.Generic;

namespace VaeDsl.Dsl.Syntax;

internal abstract record LayerItemSyntax(TextRange Range);

/// <summary>A layer or block use: <c>relu</c>, <c>linear(400)</c>, <c>residual { … }</c>.
/// <c>Arguments</c> is null when no parentheses were written; <c>Body</c> is null without braces.</summary>
internal sealed record LayerCallSyntax(
    string Name,
    TextRange NameRange,
    IReadOnlyList<ArgumentSyntax>? Arguments,
    IReadOnlyList<LayerItemSyntax>? Body,
    TextRange Range) : LayerItemSyntax(Range);

/// <summary><c>repeat N { … }</c>.</summary>
internal sealed record RepeatSyntax(ExprSyntax Count, IReadOnlyList<LayerItemSyntax> Body, TextRange Range) : LayerItemSyntax(Range);
