using System.Collections.Generic;
using System.Linq;
using VaeDsl.Dsl.Catalog;
using VaeDsl.Dsl.Diagnostics;
using VaeDsl.Dsl.Model;
using VaeDsl.Dsl.Syntax;

namespace VaeDsl.Dsl.Binding;

/// <summary>Matches written arguments to a parameter list: positional then named, types, ranges, defaults.</summary>
internal sealed class ArgumentResolver(DiagnosticBag diagnostics, ExprBinder expressions, SourceText source)
{
    public ExprBinder Expressions => expressions;

    /// <summary>Resolves <paramref name="arguments"/>; null when any of them is wrong (each problem reported).</summary>
    public ResolvedArguments? Resolve(
        string owner,
        IReadOnlyList<ConstructParameter> parameters,
        IReadOnlyList<ArgumentSyntax> arguments,
        TextRange ownerRange,
        IReadOnlyDictionary<string, Expr>? scope)
    {
        var ok = true;
        var given = new Dictionary<string, ArgumentSyntax>();
        var positional = 0;
        var sawNamed = false;
        // An argument that matched no parameter (misplaced or misspelt) is most likely the one a missing
        // parameter was meant to get: then "needs the argument" would report the same mistake twice.
        var unmatched = false;
        foreach (var argument in arguments)
        {
            if (argument.Name is null)
            {
                if (sawNamed)
                {
                    diagnostics.Report(DiagnosticDescriptors.PositionalAfterNamed, argument.Range, owner);
                    ok = false;
                    unmatched = true;
                    continue;
                }
                if (positional >= parameters.Count)
                {
                    diagnostics.Report(DiagnosticDescriptors.TooManyArguments, argument.Range, owner, parameters.Count, arguments.Count(a => a.Name is null));
                    ok = false;
                    break;
                }
                given[parameters[positional].Name] = argument;
                positional++;
                continue;
            }
            sawNamed = true;
            if (!parameters.Any(p => p.Name == argument.Name))
            {
                var names = parameters.Count == 0 ? "no arguments" : string.Join(", ", parameters.Select(p => p.Name));
                diagnostics.Report(DiagnosticDescriptors.UnknownArgument, argument.NameRange, owner, argument.Name, names);
                ok = false;
                unmatched = true;
                continue;
            }
            if (given.ContainsKey(argument.Name))
            {
                diagnostics.Report(DiagnosticDescriptors.DuplicateArgument, argument.NameRange, argument.Name, owner);
                ok = false;
                continue;
            }
            given[argument.Name] = argument;
        }

        var resolved = new List<Argument>();
        var ranges = new Dictionary<string, TextRange>();
        foreach (var parameter in parameters)
        {
            if (!given.TryGetValue(parameter.Name, out var argument))
            {
                if (parameter.DefaultFrom is not null)
                {
                    var source = resolved.FirstOrDefault(a => a.Name == parameter.DefaultFrom);
                    if (source is not null) resolved.Add(source with { Name = parameter.Name });
                    continue;
                }
                if (parameter.IsRequired)
                {
                    if (!unmatched) diagnostics.Report(DiagnosticDescriptors.MissingArgument, ownerRange, owner, parameter.Name);
                    ok = false;
                    continue;
                }
                resolved.Add(parameter.WordDefault is not null
                    ? new Argument(parameter.Name, null, parameter.WordDefault)
                    : new Argument(parameter.Name, DefaultOf(parameter)));
                continue;
            }
            ranges[parameter.Name] = argument.Value.Range;
            var value = BindValue(owner, parameter, argument.Value, scope);
            if (value is null) ok = false; else resolved.Add(value);
        }
        return ok ? new ResolvedArguments(resolved, ranges) : null;
    }

    private Argument? BindValue(string owner, ConstructParameter parameter, ExprSyntax syntax, IReadOnlyDictionary<string, Expr>? scope)
    {
        var written = source.Text.Substring(syntax.Range.Start, syntax.Range.End - syntax.Range.Start);
        switch (parameter.Type)
        {
            case ParameterType.Boolean:
                if (syntax is NameSyntax { Name: "true" or "false" } flag) return new Argument(parameter.Name, null, flag.Name);
                diagnostics.Report(DiagnosticDescriptors.ArgumentType, syntax.Range, parameter.Name, owner, "true or false", written);
                return null;
            case ParameterType.Word:
                if (syntax is NameSyntax word && parameter.AcceptsWord(word.Name)) return new Argument(parameter.Name, null, word.Name);
                diagnostics.Report(DiagnosticDescriptors.ArgumentType, syntax.Range, parameter.Name, owner, OneOf(parameter.WrittenWords), written);
                return null;
            case ParameterType.NumberOrWord:
                if (syntax is NameSyntax choice && parameter.Words!.Contains(choice.Name)) return new Argument(parameter.Name, null, choice.Name);
                if (syntax is NameSyntax other && !expressions.IsHyper(other.Name) && (scope is null || !scope.ContainsKey(other.Name)))
                {
                    diagnostics.Report(DiagnosticDescriptors.ArgumentType, syntax.Range, parameter.Name, owner, "a number or " + OneOf(parameter.Words!), written);
                    return null;
                }
                break;
        }
        var expr = expressions.Bind(syntax, scope);
        if (expr is null) return null;
        if (parameter.Type == ParameterType.Integer && expr.Kind != NumberKind.Int)
        {
            diagnostics.Report(DiagnosticDescriptors.ArgumentType, syntax.Range, parameter.Name, owner, "an integer", expressions.Describe(syntax, expr, written, integerExpected: true));
            return null;
        }
        if (!parameter.Accepts(expr.Value))
        {
            diagnostics.Report(DiagnosticDescriptors.ArgumentRange, syntax.Range, parameter.Name, owner, parameter.RangeText, expressions.Describe(syntax, expr, written));
            return null;
        }
        return new Argument(parameter.Name, expr);
    }

    /// <summary>The default of a parameter that has a numeric one, as a literal of its type.</summary>
    public static Expr DefaultOf(ConstructParameter parameter) =>
        new LiteralExpr(parameter.NumberDefault!.Value, parameter.Type == ParameterType.Integer ? NumberKind.Int : NumberKind.Float);

    /// <summary>The arguments of a construct left wholly at its defaults.</summary>
    public static EquatableArray<Argument> Defaults(IReadOnlyList<ConstructParameter> parameters) =>
        parameters.Select(p => p.WordDefault is not null ? new Argument(p.Name, null, p.WordDefault) : new Argument(p.Name, DefaultOf(p))).ToEquatableArray();

    private static string OneOf(IReadOnlyList<string> words) =>
        words.Count == 1 ? words[0] : "one of " + string.Join(", ", words);
}
