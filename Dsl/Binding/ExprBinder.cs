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

    /// <summary>Deepest expression tree allowed; block arguments can stack expressions on each other, and
    /// the records are compared and printed recursively.</summary>
    public const int MaxDepth = 2000;

    private readonly DiagnosticBag diagnostics;
    private readonly Dictionary<string, HyperParameter> hypers = new();
    private readonly HashSet<string> failedHypers = new();
    private readonly Dictionary<Expr, int> depths = new(ReferenceComparer.Instance);

    public ExprBinder(DiagnosticBag diagnostics) => this.diagnostics = diagnostics;

    public HashSet<string> UsedHypers { get; } = new();

    public void DefineHyper(HyperParameter hyper) => hypers[hyper.Name] = hyper;

    /// <summary>A hyper-parameter whose value had an error: its uses bind to nothing without a second report.</summary>
    public void DefineFailedHyper(string name) => failedHypers.Add(name);

    public bool IsHyper(string name) => hypers.ContainsKey(name) || failedHypers.Contains(name);

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
                if (failedHypers.Contains(name.Name)) return null;
                if (IsAscii(name.Name)) diagnostics.Report(DiagnosticDescriptors.UnknownName, name.Range, name.Name);
                return null;
            case NegateSyntax negate:
            {
                var operand = Bind(negate.Operand, parameters);
                return operand is null ? null : Deepen(negate.Range, new NegateExpr(operand, -operand.Value, operand.Kind), operand);
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
        return Deepen(binary.Range, new BinaryExpr(binary.Operator, left, right, result, integer ? NumberKind.Int : NumberKind.Float), left, right);
    }

    private Expr? Deepen(TextRange range, Expr created, Expr first, Expr? second = null)
    {
        var depth = 1 + System.Math.Max(DepthOf(first), second is null ? 0 : DepthOf(second));
        if (depth > MaxDepth)
        {
            diagnostics.Report(DiagnosticDescriptors.ArithmeticError, range, $"the expression is nested more than {MaxDepth} levels deep");
            return null;
        }
        depths[created] = depth;
        return created;
    }

    private int DepthOf(Expr expr) => depths.TryGetValue(expr, out var depth) ? depth : 1;

    private sealed class ReferenceComparer : IEqualityComparer<Expr>
    {
        public static readonly ReferenceComparer Instance = new();

        public bool Equals(Expr? x, Expr? y) => ReferenceEquals(x, y);

        public int GetHashCode(Expr obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
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
