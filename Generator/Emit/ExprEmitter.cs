using System.Globalization;
using VaeDsl.Dsl.Model;

namespace VaeDsl.Generator.Emit;

/// <summary>Emits a checked numeric expression as C# over the options record, so that an experiment that
/// overrides a hyper-parameter in C# changes every place the .vae file used it.</summary>
internal static class ExprEmitter
{
    public static string Emit(Expr expr, string options) => Emit(expr, options, topLevel: true);

    /// <summary>Emits the expression as a double (for weights, learning rates and the like).</summary>
    public static string EmitDouble(Expr expr, string options) =>
        expr is LiteralExpr literal ? Literal(literal.Literal, NumberKind.Float) : Emit(expr, options);

    public static string Literal(double value, NumberKind kind)
    {
        if (kind == NumberKind.Int) return ((long)value).ToString(CultureInfo.InvariantCulture);
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        if (text.IndexOf('.') < 0 && text.IndexOf('E') < 0 && text.IndexOf('e') < 0) text += ".0";
        return text;
    }

    private static string Emit(Expr expr, string options, bool topLevel)
    {
        switch (expr)
        {
            case LiteralExpr literal:
                return Literal(literal.Literal, literal.LiteralKind);
            case HyperRefExpr hyper:
                return $"{options}.{Names.Pascal(hyper.Name)}";
            case NegateExpr negate:
                return "-" + Emit(negate.Operand, options, topLevel: false);
            case BinaryExpr binary:
                var left = Emit(binary.Left, options, topLevel: false);
                var right = Emit(binary.Right, options, topLevel: false);
                // Float division in the .vae file stays float in C#, whatever the operand kinds.
                if (binary.Operator == '/' && binary.ResultKind == NumberKind.Float && binary.Left.Kind == NumberKind.Int && binary.Right.Kind == NumberKind.Int)
                {
                    left = "(double)" + left;
                }
                var text = $"{left} {binary.Operator} {right}";
                return topLevel ? text : "(" + text + ")";
            default:
                return Literal(expr.Value, expr.Kind);
        }
    }
}
