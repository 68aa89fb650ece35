using System.Globalization;
using VaeDsl.Dsl.Model;

namespace VaeDsl.Generator.Emit;

/// <summary>Emits a checked numeric expression as C# over the options record, so that an experiment that
/// overrides a hyper-parameter in C# changes every place the .vae file used it.</summary>
internal static class ExprEmitter
{
    /// <summary>The parameter of a custom layer's output rule: the shape the layer receives when the model is built.</summary>
    public const string ReceivedShape = "received";

    public static string Emit(Expr expr, string options) => EmitNode(expr, options);

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

    private static int Precedence(char op) => op is '+' or '-' ? 1 : 2;

    private static string EmitNode(Expr expr, string options)
    {
        switch (expr)
        {
            case LiteralExpr literal:
                return Literal(literal.Literal, literal.LiteralKind);
            case HyperRefExpr hyper:
                return $"{options}.{Names.Pascal(hyper.Name)}";
            case InputSizeExpr size:
                return $"{ReceivedShape}[{size.Index}]";
            case NegateExpr negate:
                var operand = EmitNode(negate.Operand, options);
                return negate.Operand is BinaryExpr ? $"-({operand})" : "-" + operand;
            case BinaryExpr binary:
                var precedence = Precedence(binary.Operator);
                var left = EmitNode(binary.Left, options);
                // Integer operands of a float division are cast; a compound left operand is cast whole.
                var castLeft = binary.Operator == '/' && binary.ResultKind == NumberKind.Float && binary.Left.Kind == NumberKind.Int && binary.Right.Kind == NumberKind.Int;
                if (binary.Left is BinaryExpr l && (Precedence(l.Operator) < precedence || castLeft)) left = $"({left})";
                if (castLeft) left = "(double)" + left;
                var right = EmitNode(binary.Right, options);
                // The right operand keeps its parentheses unless the operator is associative and the same.
                if (binary.Right is BinaryExpr r && (Precedence(r.Operator) < precedence
                    || Precedence(r.Operator) == precedence && !(r.Operator == binary.Operator && binary.Operator is '+' or '*')))
                {
                    right = $"({right})";
                }
                return $"{left} {binary.Operator} {right}";
            default:
                return Literal(expr.Value, expr.Kind);
        }
    }
}
