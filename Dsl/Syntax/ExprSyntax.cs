using System.Collections.Generic;

namespace VaeDsl.Dsl.Syntax;

/// <summary>An expression as written: numbers, names, arithmetic and calls such as <c>adam(lr: 1e-3)</c>.</summary>
internal abstract record ExprSyntax(TextRange Range);

internal sealed record NumberSyntax(string Text, double Value, bool IsInteger, TextRange Range) : ExprSyntax(Range);

/// <summary>A bare name: a hyper-parameter, a block parameter, a loss term or a word such as <c>true</c>.</summary>
internal sealed record NameSyntax(string Name, TextRange Range) : ExprSyntax(Range);

internal sealed record BinarySyntax(char Operator, ExprSyntax Left, ExprSyntax Right, TextRange Range) : ExprSyntax(Range);

internal sealed record NegateSyntax(ExprSyntax Operand, TextRange Range) : ExprSyntax(Range);

internal sealed record CallSyntax(string Name, TextRange NameRange, IReadOnlyList<ArgumentSyntax> Arguments, TextRange Range) : ExprSyntax(Range);

/// <summary>One argument, positional (<c>Name</c> null) or named.</summary>
internal sealed record ArgumentSyntax(string? Name, TextRange NameRange, ExprSyntax Value, TextRange Range);
