using System.Collections.Generic;
using System.Linq;
using System.Text;
using VaeDsl.Dsl.Catalog;

namespace VaeDsl.Dsl.Tests.Catalog;

/// <summary>Renders the catalogue as the Markdown tables of docs/language.md, one per kind of construct.</summary>
internal static class CatalogueTables
{
    /// <summary>The marker name of each table in docs/language.md (<c>&lt;!-- catalogue: NAME --&gt;</c>).</summary>
    public static IReadOnlyDictionary<string, ConstructKind> Tables { get; } = new Dictionary<string, ConstructKind>
    {
        ["layers"] = ConstructKind.Layer,
        ["conditions"] = ConstructKind.Condition,
        ["latents"] = ConstructKind.LatentFamily,
        ["flows"] = ConstructKind.Flow,
        ["priors"] = ConstructKind.Prior,
        ["inference"] = ConstructKind.Inference,
        ["likelihoods"] = ConstructKind.Likelihood,
        ["loss-terms"] = ConstructKind.LossTerm,
        ["weight-schedules"] = ConstructKind.WeightSchedule,
        ["optimizers"] = ConstructKind.Optimizer,
        ["learning-rate-schedules"] = ConstructKind.LearningRateSchedule,
        ["train-settings"] = ConstructKind.Training,
    };

    public static string Render(ConstructKind kind)
    {
        var constructs = ConstructCatalog.OfKind(kind);
        var text = new StringBuilder();
        void Row(params string[] cells) => text.Append("| ").Append(string.Join(" | ", cells.Select(Escape))).Append(" |\n");
        void Header(params string[] cells)
        {
            Row(cells);
            text.Append('|').Append(string.Concat(cells.Select(_ => " --- |"))).Append('\n');
        }
        switch (kind)
        {
            case ConstructKind.Layer:
            case ConstructKind.Condition:
            case ConstructKind.LatentFamily:
            case ConstructKind.Likelihood:
                // Constructs with a shape rule: the shapes they take, produce or need.
                var (name, shape) = kind switch
                {
                    ConstructKind.Layer => ("layer", "input → output"),
                    ConstructKind.Condition => ("kind", "features"),
                    ConstructKind.LatentFamily => ("family", "`LatentSpec.Size`"),
                    _ => ("likelihood", "decoder output (`DecoderShape`)"),
                };
                Header(name, "arguments (defaults)", shape, "what it is");
                foreach (var c in constructs) Row(Code(c.Name + (c.TakesBody ? " { … }" : c.IsCustom ? " Type(…) [n, …] -> [d, …]" : "")), Arguments(c), c.ShapeRule, c.Doc);
                break;
            case ConstructKind.Flow:
                Header("flow", "arguments (defaults)", "transforms", "what it is");
                foreach (var c in constructs) Row(Code(c.Name), Arguments(c), string.Join(", ", c.Fits), c.Doc);
                break;
            case ConstructKind.Prior:
                Header("prior", "arguments (defaults)", "fits", "KL", "what it is");
                foreach (var c in constructs) Row(Code(c.Name), Arguments(c), string.Join(", ", c.Fits), Kl(c), c.Doc);
                break;
            case ConstructKind.WeightSchedule:
                Header("schedule", "arguments (defaults)", "applies to", "not with", "effect on the term");
                foreach (var c in constructs)
                {
                    Row(Code(c.Name + "(" + (c.Fits.Count == 1 ? c.Fits[0] : "term") + string.Concat(c.Parameters.Select(p => ", " + p.SignatureText)) + ")"), Ranges(c),
                        c.Fits.Count == 0 ? "any term" : string.Join(", ", c.Fits), string.Join(", ", c.Excludes), c.Doc);
                }
                break;
            case ConstructKind.Inference:
            case ConstructKind.LossTerm:
            case ConstructKind.Optimizer:
            case ConstructKind.LearningRateSchedule:
                Header(kind switch { ConstructKind.Inference => "mode", ConstructKind.LossTerm => "term", ConstructKind.Optimizer => "optimizer", _ => "schedule" }, "arguments (defaults)", "what it is");
                foreach (var c in constructs) Row(Code(c.Name), Arguments(c), c.Doc);
                break;
            default:
                Header("setting", "value", "default", "what it is");
                foreach (var p in ConstructCatalog.TrainSettings) Row(Code(p.Name), Value(p), Code(p.DefaultText!), p.Doc);
                break;
        }
        return text.ToString();
    }

    /// <summary>How kl treats a prior's latent: a prior over quantised codes takes no KL term at all.</summary>
    private static string Kl(Construct prior) =>
        prior.Fits.All(f => f == "VectorQuantized") ? "— (no kl)" : prior.ClosedFormKl ? "analytic" : "Monte Carlo";

    /// <summary>Each parameter as a signature shows it, with its values where the type alone does not say them.</summary>
    private static string Arguments(Construct c)
    {
        if (c.Variadic) return "`d0, d1, …` (positive integers)";
        if (c.IsCustom) return "the type's constructor arguments, positional then named: numbers, `true`, `false`";
        if (c.Parameters.Count == 0) return "—";
        return string.Join(", ", c.Parameters.Select(p => Code(p.SignatureText) + (Note(p) is { } note ? " (" + note + ")" : "")));
    }

    /// <summary>The ranges of the schedule's parameters, whose defaults are in the first column.</summary>
    private static string Ranges(Construct c)
    {
        var notes = c.Parameters.Where(p => Note(p) is not null).Select(p => p.Name + " " + Note(p)).ToList();
        return notes.Count == 0 ? "" : string.Join("; ", notes);
    }

    private static string Value(ConstructParameter p) => p.Type switch
    {
        ParameterType.Construct => Article(ConstructCatalog.Describe(p.Takes!.Value)) + " (below)",
        _ => p.TypeText + (p.RangeText.Length > 0 ? ", " + p.RangeText : ""),
    };

    /// <summary>What a reader needs beyond the default: the words a parameter takes, or a range other than the usual
    /// one (integers at least 1, numbers greater than 0).</summary>
    private static string? Note(ConstructParameter p) => p.Type switch
    {
        ParameterType.Word => string.Join(" \\| ", p.WrittenWords),
        ParameterType.NumberOrWord => "a number " + p.RangeText + " or " + string.Join(" \\| ", p.Words),
        ParameterType.Integer when p.Range != ValueRange.AtLeastOne => p.RangeText,
        ParameterType.Number when p.Range is not (ValueRange.Positive or ValueRange.Any) => p.RangeText,
        _ => null,
    };

    private static string Article(string noun) => ("aeiou".IndexOf(noun[0]) >= 0 ? "an " : "a ") + noun;

    private static string Code(string text) => "`" + text + "`";

    /// <summary>Pipes inside a cell would end it; escaped ones (<c>\|</c>) are kept.</summary>
    private static string Escape(string cell)
    {
        var text = new StringBuilder();
        for (var i = 0; i < cell.Length; i++)
        {
            if (cell[i] == '|' && (i == 0 || cell[i - 1] != '\\')) text.Append('\\');
            text.Append(cell[i]);
        }
        return text.ToString();
    }
}
