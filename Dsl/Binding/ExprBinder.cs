using System.Collections.Generic;
using VaeDsl.Dsl.Diagnostics;
using VaeDsl.Dsl.Model;
using VaeDsl.Dsl.Syntax;

namespace VaeDsl.Dsl.Binding;

/// <summary>Binds numeric expressions: names resolve to block parameters, then hyper-parameters; values are
/// computed at the .vae defaults. Integer arithmetic stays integer (truncating division), as in C#.</summary>
/// <remarks>Integers are C#'s <c>int</c> in generated code (hyper-parameters, layer sizes, settings), so every integer
/// literal and every intermediate integer result must fit in 32 bits: the front end refuses what C# would refuse
/// (CS0266, CS0220) or silently wrap.</remarks>
internal sealed class ExprBinder
{
    public const long MaxInteger = int.MaxValue;

    public const long MinInteger = int.MinValue;

    /// <summary>Deepest expression tree allowed; block arguments can stack expressions on each other, and
    /// the records are compared and printed recursively.</summary>
    public const int MaxDepth = 2000;

    private readonly DiagnosticBag diagnostics;
    private readonly Dictionary<string, HyperParameter> hypers = new();
    private readonly HashSet<string> failedHypers = new();
    private readonly Dictionary<Expr, int> depths = new(ReferenceComparer.Instance);
    private readonly Dictionary<Expr, string> floatLiterals = new(ReferenceComparer.Instance);

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
                if (double.IsInfinity(number.Value))
                {
                    diagnostics.Report(DiagnosticDescriptors.ArithmeticError, number.Range, $"the number {number.Text} is too large");
                    return null;
                }
                if (number.IsInteger && number.Value > MaxInteger)
                {
                    diagnostics.Report(DiagnosticDescriptors.ArithmeticError, number.Range, OutOfRange("the integer " + number.Text));
                    return null;
                }
                var literal = new LiteralExpr(number.Value, number.IsInteger ? NumberKind.Int : NumberKind.Float);
                if (!number.IsInteger) floatLiterals[literal] = number.Text;
                return literal;
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
                // -2147483648 is an int in C#, although 2147483648 alone is not.
                var operand = negate.Operand is NumberSyntax { IsInteger: true, Value: -(double)MinInteger } smallest
                    ? new LiteralExpr(smallest.Value, NumberKind.Int)
                    : Bind(negate.Operand, parameters);
                if (operand is null) return null;
                if (operand.Kind == NumberKind.Int && -operand.Value > MaxInteger)
                {
                    diagnostics.Report(DiagnosticDescriptors.ArithmeticError, negate.Range, OutOfRange("the result " + NumberFormat.Of(-operand.Value)));
                    return null;
                }
                return Deepen(negate.Range, new NegateExpr(operand, -operand.Value, operand.Kind), operand);
            }
            case BinarySyntax binary:
            {
                var left = Bind(binary.Left, parameters);
                var right = Bind(binary.Right, parameters);
                if (left is null || right is null) return null;
                return Combine(binary.Operator, left, right, binary.Range);
            }
            case CallSyntax call:
                diagnostics.Report(DiagnosticDescriptors.ValueNotNumber, call.Range, call.Name + "(…)");
                return null;
            default:
                return null;
        }
    }

    /// <summary>A bound value as a message shows it: the number, followed by the expression that produced it unless
    /// that was a plain (possibly negated) literal; where an integer was needed but <paramref name="value"/> is a
    /// float, also the float literal that made it one (<c>got 1000 (hidden), a float because 1e3 is a float literal</c>).</summary>
    public string Describe(ExprSyntax syntax, Expr value, string written, bool integerExpected = false)
    {
        var plain = syntax;
        while (plain is NegateSyntax negate) plain = negate.Operand;
        var text = plain is NumberSyntax ? written : NumberFormat.Of(value.Value) + " (" + written + ")";
        if (!integerExpected || value.Kind != NumberKind.Float) return text;
        if (plain is NumberSyntax) return text + ", a float literal";
        return FloatLiteralIn(value) is { } literal ? text + ", a float because " + literal + " is a float literal" : text + ", a float";
    }

    /// <summary>The text of a float literal that makes <paramref name="value"/> a float: in this language only a float
    /// literal does (integer division stays integer), so one path of float operands leads to it.</summary>
    private string? FloatLiteralIn(Expr value)
    {
        while (true)
        {
            switch (value)
            {
                case LiteralExpr literal:
                    return floatLiterals.TryGetValue(literal, out var text) ? text : null;
                case HyperRefExpr reference when hypers.TryGetValue(reference.Name, out var hyper):
                    value = hyper.Default;
                    break;
                case NegateExpr negate:
                    value = negate.Operand;
                    break;
                case BinaryExpr binary:
                    value = binary.Left.Kind == NumberKind.Float ? binary.Left : binary.Right;
                    break;
                default:
                    return null;
            }
        }
    }

    /// <summary>The product of two bound values that the language writes as one (a categorical latent's size, a loss
    /// weight), with the same checks as a written <c>*</c>; null after reporting at <paramref name="range"/>.</summary>
    public Expr? Product(Expr left, Expr right, TextRange range) => Combine('*', left, right, range);

    private Expr? Combine(char op, Expr left, Expr right, TextRange range)
    {
        var integer = left.Kind == NumberKind.Int && right.Kind == NumberKind.Int;
        double result;
        switch (op)
        {
            case '+': result = left.Value + right.Value; break;
            case '-': result = left.Value - right.Value; break;
            case '*': result = left.Value * right.Value; break;
            case '/':
            case '%':
                if (op == '%' && !integer)
                {
                    diagnostics.Report(DiagnosticDescriptors.ArithmeticError, range, "'%' needs integers on both sides");
                    return null;
                }
                if (right.Value == 0)
                {
                    diagnostics.Report(DiagnosticDescriptors.ArithmeticError, range, "division by zero");
                    return null;
                }
                result = op == '%'
                    ? (long)left.Value % (long)right.Value
                    : integer ? (long)left.Value / (long)right.Value : left.Value / right.Value;
                break;
            default: return null;
        }
        if (double.IsInfinity(result) || double.IsNaN(result))
        {
            diagnostics.Report(DiagnosticDescriptors.ArithmeticError, range, "the result is too large");
            return null;
        }
        if (integer && (result > MaxInteger || result < MinInteger))
        {
            diagnostics.Report(DiagnosticDescriptors.ArithmeticError, range, OutOfRange("the result " + NumberFormat.Of(result)));
            return null;
        }
        return Deepen(range, new BinaryExpr(op, left, right, result, integer ? NumberKind.Int : NumberKind.Float), left, right);
    }

    private static string OutOfRange(string subject) => subject + " does not fit in 32 bits: integers are C#'s int, from -2147483648 to 2147483647";

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
