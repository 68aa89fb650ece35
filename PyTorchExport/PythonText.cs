using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using VaeDsl.Dsl.Model;

namespace VaeDsl.PyTorchExport;

/// <summary>Python spellings: literals, expressions over hyper-parameters, strings, names.</summary>
internal static class PythonText
{
    /// <summary>Python's keywords and the names the generated module itself takes (methods, attributes of
    /// <c>nn.Module</c> that a latent's submodule would hide).</summary>
    public static readonly HashSet<string> Reserved = new()
    {
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
        "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
        "not", "or", "pass", "raise", "return", "try", "while", "with", "yield", "match", "case", "self",
        "encode", "decode", "loss", "sample", "reconstruct", "log_likelihood", "posterior_mean", "log_joint", "joint",
        "condition_features", "input_shape", "latent_sizes", "settings", "uses_condition", "condition_size",
        "code_shape", "end_training_epoch", "fit_after_training",
        "float", "double", "type", "extra_repr", "requires_grad_", "share_memory", "ipu", "xpu", "register_forward_hook",
        "register_full_backward_hook", "register_forward_pre_hook", "T_destination", "dump_patches", "call_super_init",
        "math", "torch", "nn", "F",
    };

    public static string Literal(double value, NumberKind kind)
    {
        if (kind == NumberKind.Int) return ((long)value).ToString(CultureInfo.InvariantCulture);
        if (double.IsPositiveInfinity(value)) return "math.inf";
        if (double.IsNegativeInfinity(value)) return "-math.inf";
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.') || text.Contains('E') ? text.Replace("E+", "e").Replace("E", "e") : text + ".0";
    }

    public static string Float(double value) => Literal(value, NumberKind.Float);

    /// <summary>An expression over hyper-parameters, each named by <paramref name="hyper"/>; integer division as
    /// Python's <c>//</c> where the .vae file divides two whole numbers.</summary>
    public static string Expression(Expr expr, System.Func<string, string> hyper) => expr switch
    {
        LiteralExpr literal => Literal(literal.Literal, literal.LiteralKind),
        HyperRefExpr reference => hyper(reference.Name),
        BinaryExpr binary => "(" + Expression(binary.Left, hyper) + " " + Operator(binary) + " " + Expression(binary.Right, hyper) + ")",
        NegateExpr negate => "-" + Expression(negate.Operand, hyper),
        _ => Literal(expr.Value, expr.Kind),
    };

    private static string Operator(BinaryExpr binary) =>
        binary.Operator == '/' && binary.Left.Kind == NumberKind.Int && binary.Right.Kind == NumberKind.Int ? "//" : binary.Operator.ToString();

    /// <summary>Whether an expression names a hyper-parameter.</summary>
    public static bool UsesHyper(Expr expr) => expr switch
    {
        HyperRefExpr => true,
        BinaryExpr binary => UsesHyper(binary.Left) || UsesHyper(binary.Right),
        NegateExpr negate => UsesHyper(negate.Operand),
        _ => false,
    };

    public static IEnumerable<string> Hypers(Expr expr) => expr switch
    {
        HyperRefExpr reference => new[] { reference.Name },
        BinaryExpr binary => Hypers(binary.Left).Concat(Hypers(binary.Right)),
        NegateExpr negate => Hypers(negate.Operand),
        _ => Enumerable.Empty<string>(),
    };

    /// <summary>A Python string literal in double quotes.</summary>
    public static string Quote(string text)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '\\' => "\\\\",
                '"' => "\\\"",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when c < ' ' => "\\x" + ((int)c).ToString("x2", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }
        return builder.Append('"').ToString();
    }

    /// <summary>Text for a docstring: no sequence that would end it early or be read as an escape.</summary>
    public static string Doc(string text) => text.Replace("\\", "\\\\").Replace("\"\"\"", "\\\"\\\"\\\"").Trim();

    /// <summary>MnistMlp → mnist_mlp; a name that is not a Python identifier → <paramref name="fallback"/>.</summary>
    public static string Snake(string name, string fallback)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1])))) builder.Append('_');
            builder.Append(char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : '_');
        }
        var snake = builder.ToString().Trim('_');
        return snake.Length == 0 || !(char.IsLetter(snake[0]) && snake[0] < 128) || snake.Any(c => c >= 128) || Reserved.Contains(snake) ? fallback : snake;
    }
}
