using System.Globalization;

namespace VaeDsl.Dsl.Model;

public enum NumberKind
{
    Int,
    Float,
}

/// <summary>A checked numeric expression together with its value at the .vae defaults. The generator emits
/// it as C# over the options record, so that overriding a hyper-parameter in C# changes what it feeds.</summary>
public abstract record Expr(double Value, NumberKind Kind)
{
    public long IntValue => (long)Value;
}

public sealed record LiteralExpr(double Literal, NumberKind LiteralKind) : Expr(Literal, LiteralKind)
{
    public override string ToString() => LiteralKind == NumberKind.Int
        ? ((long)Literal).ToString(CultureInfo.InvariantCulture)
        : Literal.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>A use of a hyper-parameter by name.</summary>
public sealed record HyperRefExpr(string Name, double HyperValue, NumberKind HyperKind) : Expr(HyperValue, HyperKind)
{
    public override string ToString() => Name;
}

/// <summary>Operators: + - * / (float division unless both sides are Int, then truncating), % (Int only).</summary>
public sealed record BinaryExpr(char Operator, Expr Left, Expr Right, double Result, NumberKind ResultKind) : Expr(Result, ResultKind)
{
    public override string ToString() => $"({Left} {Operator} {Right})";
}

public sealed record NegateExpr(Expr Operand, double Result, NumberKind ResultKind) : Expr(Result, ResultKind)
{
    public override string ToString() => $"-{Operand}";
}

/// <summary>A size of a custom layer's input, named in its declared input shape (<c>[n] -> [2 * n]</c>): the
/// <c>Index</c>-th dimension of the shape the layer receives, <c>Size</c> at the .vae defaults.</summary>
public sealed record InputSizeExpr(string Name, int Index, long Size) : Expr(Size, NumberKind.Int)
{
    public override string ToString() => Name;
}
