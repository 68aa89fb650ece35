using System.Linq;
using VaeDsl.Dsl.Catalog;
using VaeDsl.Dsl.Diagnostics;
using VaeDsl.Dsl.Model;
using VaeDsl.Dsl.Syntax;

namespace VaeDsl.Dsl.Binding;

/// <summary>The output shape of one built-in layer for a given input shape (no batch dimension), following
/// PyTorch's size arithmetic. Reports a located error and returns null when the layer cannot take the input.</summary>
internal sealed class ShapeInference
{
    public const long MaxElements = int.MaxValue;

    private readonly DiagnosticBag diagnostics;

    public ShapeInference(DiagnosticBag diagnostics) => this.diagnostics = diagnostics;

    public Shape? Infer(Construct layer, ResolvedArguments arguments, Shape input, TextRange range)
    {
        var kind = layer.Name;
        var rule = layer.Shape!;
        var dims = input.Dims.ToArray();
        long Int(string name) => arguments.Number(name).IntValue;
        Shape? result;
        switch (rule.Rule)
        {
            case LayerShapeRule.Linear:
                if (dims.Length < 1) return RankError(kind, "[F]", input, range);
                dims[dims.Length - 1] = Int("features");
                result = Shape.Of(dims);
                break;
            case LayerShapeRule.Convolution:
            case LayerShapeRule.TransposedConvolution:
            {
                var transposed = rule.Rule == LayerShapeRule.TransposedConvolution;
                if (dims.Length != rule.Spatial + 1) return RankError(kind, rule.SpatialInput, input, range);
                var groups = Int("groups");
                if (dims[0] % groups != 0) return GroupsError(kind, groups, "input channels", dims[0], range);
                if (Int("channels") % groups != 0) return GroupsError(kind, groups, "channels", Int("channels"), range);
                var output = new long[dims.Length];
                output[0] = Int("channels");
                for (var i = 1; i < dims.Length; i++)
                {
                    var (k, s, p, d) = (Int("kernel"), Int("stride"), Int("padding"), Int("dilation"));
                    output[i] = transposed
                        ? (dims[i] - 1) * s - 2 * p + d * (k - 1) + Int("output_padding") + 1
                        : FloorDiv(dims[i] + 2 * p - d * (k - 1) - 1, s) + 1;
                }
                if (transposed && Int("output_padding") >= System.Math.Max(Int("stride"), Int("dilation")))
                {
                    diagnostics.Report(DiagnosticDescriptors.ArgumentRange, arguments.RangeOf("output_padding") ?? range, "output_padding", kind,
                        "smaller than stride or dilation", NumberFormat.Of(Int("output_padding")));
                    return null;
                }
                result = Shape.Of(output);
                break;
            }
            case LayerShapeRule.Pool:
            {
                if (dims.Length != rule.Spatial + 1) return RankError(kind, rule.SpatialInput, input, range);
                var (k, s, p) = (Int("kernel"), Int("stride"), Int("padding"));
                if (2 * p > k)
                {
                    diagnostics.Report(DiagnosticDescriptors.ArgumentRange, arguments.RangeOf("padding") ?? range, "padding", kind, "at most half the kernel", NumberFormat.Of(p));
                    return null;
                }
                result = Shape.Of(dims.Select((d, i) => i == 0 ? d : FloorDiv(d + 2 * p - k, s) + 1).ToArray());
                break;
            }
            case LayerShapeRule.Upsample:
            {
                var bilinear = arguments.Word("mode") == "bilinear";
                if (dims.Length != 3 && (bilinear || dims.Length != 2)) return RankError(kind, bilinear ? "[C, H, W]" : "[C, L] or [C, H, W]", input, range);
                var scale = Int("scale");
                result = Shape.Of(dims.Select((d, i) => i == 0 ? d : d * scale).ToArray());
                break;
            }
            case LayerShapeRule.BatchNorm:
                if (dims.Length < 1 || dims.Length > 3) return RankError(kind, "[F], [C, L] or [C, H, W]", input, range);
                result = input;
                break;
            case LayerShapeRule.GroupNorm:
            {
                if (dims.Length < 2) return RankError(kind, "[C, …] with at least one dimension after the channels", input, range);
                var groups = Int("groups");
                if (dims[0] % groups != 0) return GroupsError(kind, groups, "channels", dims[0], range);
                result = input;
                break;
            }
            case LayerShapeRule.Flatten:
                result = Shape.Of(input.ElementCount);
                break;
            case LayerShapeRule.Embedding:
                if (dims.Length != 1) return RankError(kind, "[L] (indices)", input, range);
                result = Shape.Of(dims[0], Int("dim"));
                break;
            case LayerShapeRule.Recurrent:
            {
                if (dims.Length != 2) return RankError(kind, "[L, F] (a sequence)", input, range);
                var states = Int("hidden") * (arguments.Word("bidirectional") == "true" ? 2 : 1);
                result = arguments.Word("output") == "last" ? Shape.Of(states) : Shape.Of(dims[0], states);
                break;
            }
            case LayerShapeRule.Attention:
            {
                if (dims.Length != 2) return RankError(kind, "[L, E] (a sequence)", input, range);
                var heads = Int("heads");
                if (dims[1] % heads != 0)
                {
                    diagnostics.Report(DiagnosticDescriptors.HeadsNotDivisible, arguments.RangeOf("heads") ?? range, kind, heads, dims[1], input);
                    return null;
                }
                result = input;
                break;
            }
            case LayerShapeRule.Positional:
                if (dims.Length != 2) return RankError(kind, "[L, E] (a sequence)", input, range);
                result = input;
                break;
            case LayerShapeRule.PixelShuffle:
            {
                if (dims.Length != 3) return RankError(kind, "[C, H, W]", input, range);
                var factor = Int("factor");
                if (dims[0] % (factor * factor) != 0)
                {
                    diagnostics.Report(DiagnosticDescriptors.ShuffleNotDivisible, arguments.RangeOf("factor") ?? range, factor, factor * factor, dims[0], input);
                    return null;
                }
                result = Shape.Of(dims[0] / (factor * factor), dims[1] * factor, dims[2] * factor);
                break;
            }
            default:
                // Activations, dropout and layer_norm keep the shape.
                result = input;
                break;
        }
        if (result.Dims.Any(d => d <= 0))
        {
            diagnostics.Report(DiagnosticDescriptors.NonPositiveSize, range, kind, input, result);
            return null;
        }
        return CheckSize(kind, result, range);
    }

    public Shape? CheckSize(string what, Shape shape, TextRange range)
    {
        double count = 1;
        foreach (var d in shape.Dims) count *= d;
        if (count > MaxElements)
        {
            diagnostics.Report(DiagnosticDescriptors.ShapeTooLarge, range, what, shape, MaxElements);
            return null;
        }
        return shape;
    }

    private Shape? RankError(string kind, string expected, Shape input, TextRange range)
    {
        diagnostics.Report(DiagnosticDescriptors.RankMismatch, range, kind, expected, input);
        return null;
    }

    private Shape? GroupsError(string kind, long groups, string what, long channels, TextRange range)
    {
        diagnostics.Report(DiagnosticDescriptors.GroupsNotDivisible, range, kind, groups, what, channels);
        return null;
    }

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);
}
