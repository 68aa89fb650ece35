using System.Collections.Generic;
using VaeDsl.Dsl.Syntax;

namespace VaeDsl.Dsl.Binding;

/// <summary>A name with optional arguments, as in <c>StandardNormal</c> or <c>Normal(16)</c>.</summary>
internal sealed record CallShape(string Name, TextRange NameRange, IReadOnlyList<ArgumentSyntax> Arguments, TextRange Range)
{
    public static CallShape? From(ExprSyntax syntax) => syntax switch
    {
        NameSyntax name => new CallShape(name.Name, name.Range, new ArgumentSyntax[0], name.Range),
        CallSyntax call => new CallShape(call.Name, call.NameRange, call.Arguments, call.Range),
        _ => null,
    };
}
