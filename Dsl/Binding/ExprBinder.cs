using System.Collections.Generic;
using VaeDsl.Dsl.Diagnostics;
using VaeDsl.Dsl.Model;
using VaeDsl.Dsl.Syntax;

namespace VaeDsl.Dsl.Binding;

/// <summary>Binds numeric expressions: names resolve to block parameters, then hyper-parameters; values are
/// computed at the .vae defaults. Integer arithmetic stays integer (truncating division), as in C#.</summary>
internal sealed class ExprBinder
{
    /// <summary>Integers beyond this lose exactness as doubles; no network size comes near it.</summary>
    private const double MaxInteger = 9007199254740992d;

    private readonly DiagnosticBag diagnostics;
    private readonly Dictionary<string, HyperParameter> hypers = new();

    public ExprBinder(DiagnosticBag diagnostics) => this.diagnostics = diagnostics;

    public HashSet<string> UsedHypers { get; } = new();

    public void DefineHyper(HyperParameter hyper) => hypers[hyper.Name] = hyper;

    public bool IsHyper(string name) => hypers.ContainsKey(name);

    public Expr? Bind(ExprSyntax syntax, IReadOnlyDictionary<string, Expr>? parameters)
    {
        switch (syntax)
        {
            case NumberSyntax number:
                if (double.IsInfinity(number.Value) || (number.IsInteger && number.Value > MaxInteger))
                {
                    diagnostics.Report(DiagnosticDescriptors.ArithmeticError, number.Range, $"the number {number.Text} is too large");
                    return null;
                }
                return new LiteralExpr(number.Value, number.IsInteger ? NumberKind.Int : NumberKind.Float);
            case NameSyntax name:
                if (parameters is not null && parameters.TryGetValue(name.Name, out var parameter)) return parameter;
                if (hypers.TryGetValue(name.Name, out var hyper))
                {
                    UsedHypers.Add(name.Name);
                    return new HyperRefExpr(hyper.Name, hyper.Default.Value, hyper.Default.Kind);
                }
                if (IsAscii(name.Name)) diagnostics.Report(DiagnosticDescriptors.UnknownName, name.Range, name.Name);
                return null;
            case NegateSyntax negate:
            {
                var operand = Bind(negate.Operand, parameters);
                return operand is null ? null : new NegateExpr(operand, -operand.Value, operand.Kind);
            }
            case BinarySyntax binary:
            {
                var left = Bind(binary.Left, parameters);
                var right = Bind(binary.Right, parameters);
                if (left is null || right is null) return null;
                return Combine(binary, left, right);
            }
            case CallSyntax call:
                diagnostics.Report(DiagnosticDescriptors.ValueNotNumber, call.Range, call.Name + "(…)");
                return null;
            default:
                return null;
        }
    }

    private Expr? Combine(BinarySyntax binary, Expr left, Expr right)
    {
        var integer = left.Kind == NumberKind.Int && right.Kind == NumberKind.Int;
        double result;
        switch (binary.Operator)
        {
            case '+': result = left.Value + right.Value; break;
            case '-': result = left.Value - right.Value; break;
            case '*': result = left.Value * right.Value; break;
            case '/':
            case '%':
                if (binary.Operator == '%' && !integer)
                {
                    diagnostics.Report(DiagnosticDescriptors.ArithmeticError, binary.Range, "'%' needs integers on both sides");
                    return null;
                }
                if (right.Value == 0)
                {
                    diagnostics.Report(DiagnosticDescriptors.ArithmeticError, binary.Range, "division by zero");
                    return null;
                }
                result = binary.Operator == '%'
                    ? (long)left.Value % (long)right.Value
                    : integer ? (long)left.Value / (long)right.Value : left.Value / right.Value;
                break;
            default: return null;
        }
        if (double.IsInfinity(result) || double.IsNaN(result) || (integer && System.Math.Abs(result) > MaxInteger))
        {
            diagnostics.Report(DiagnosticDescriptors.ArithmeticError, binary.Range, "the result is too large");
            return null;
        }
        return new BinaryExpr(binary.Operator, left, right, result, integer ? NumberKind.Int : NumberKind.Float);
    }

    public static bool IsAscii(string name)
    {
        foreach (var c in name)
        {
            if (c > 127) return false;
        }
        return true;
    }
}
