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

/// <summary><c>custom Name.Space.Type(arguments) [n, m] -> [d0, d1]</c>: a module of the project's C# code. <c>Input</c>
/// (the sizes it names, written as expressions so that the binder can say what is not a name) is null when no input
/// shape is written; <c>Output</c> is the declared output shape.</summary>
internal sealed record CustomLayerSyntax(
    TextRange KeywordRange,
    string TypeName,
    TextRange TypeRange,
    IReadOnlyList<ArgumentSyntax> Arguments,
    IReadOnlyList<ExprSyntax>? Input,
    TextRange InputRange,
    IReadOnlyList<ExprSyntax> Output,
    TextRange OutputRange,
    TextRange Range) : LayerItemSyntax(Range);
