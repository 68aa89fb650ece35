using VaeDsl.Dsl.Model;
using VaeDsl.Generator.Emit;
using Xunit;

namespace VaeDsl.Generator.Tests;

/// <summary>Expressions of the .vae file become C# over the options record, with the parentheses C# needs and no more,
/// and with the .vae file's meaning of division kept.</summary>
public sealed class ExprEmitterTests
{
    private static LiteralExpr Int(long value) => new(value, NumberKind.Int);

    private static HyperRefExpr Hyper(string name, long value) => new(name, value, NumberKind.Int);

    private static BinaryExpr Op(char op, Expr left, Expr right, double result, NumberKind kind = NumberKind.Int) => new(op, left, right, result, kind);

    [Fact]
    public void A_chain_of_products_needs_no_parentheses()
    {
        var expr = Op('*', Op('*', Int(64), Int(7), 448), Int(7), 3136);

        Assert.Equal("64 * 7 * 7", ExprEmitter.Emit(expr, "o"));
    }

    [Fact]
    public void A_sum_inside_a_product_keeps_its_parentheses()
    {
        var expr = Op('*', Op('+', Hyper("hidden", 3), Int(1), 4), Int(2), 8);

        Assert.Equal("(o.Hidden + 1) * 2", ExprEmitter.Emit(expr, "o"));
    }

    [Fact]
    public void The_right_operand_of_a_subtraction_or_division_keeps_its_parentheses()
    {
        Assert.Equal("10 - (4 - 1)", ExprEmitter.Emit(Op('-', Int(10), Op('-', Int(4), Int(1), 3), 7), "o"));
        Assert.Equal("o.Width / (2 * 2)", ExprEmitter.Emit(Op('/', Hyper("width", 64), Op('*', Int(2), Int(2), 4), 16), "o"));
    }

    [Fact]
    public void Float_division_of_integers_stays_float()
    {
        var expr = Op('/', Hyper("width", 7), Int(2), 3.5, NumberKind.Float);

        Assert.Equal("(double)o.Width / 2", ExprEmitter.Emit(expr, "o"));
    }

    [Fact]
    public void Float_literals_are_written_so_that_CSharp_reads_a_double()
    {
        Assert.Equal("4.0", ExprEmitter.EmitDouble(new LiteralExpr(4, NumberKind.Int), "o"));
        Assert.Equal("0.001", ExprEmitter.Literal(1e-3, NumberKind.Float));
        Assert.Equal("-o.Beta", ExprEmitter.Emit(new NegateExpr(new HyperRefExpr("beta", 4, NumberKind.Float), -4, NumberKind.Float), "o"));
    }
}
