using System.Collections.Generic;

namespace VaeDsl.Dsl.Binding;

/// <summary>The built-in layers and their parameters, in order, with PyTorch's defaults.</summary>
internal static class LayerCatalog
{
    private static readonly ParameterSpec Bias = ParameterSpec.Bool("bias", true);

    private static ParameterSpec[] Convolution(bool transposed)
    {
        var list = new List<ParameterSpec>
        {
            ParameterSpec.Int("channels"),
            ParameterSpec.Int("kernel"),
            ParameterSpec.Int("stride", defaultValue: 1),
            ParameterSpec.Int("padding", ValueRange.NonNegative, 0),
        };
        if (transposed) list.Add(ParameterSpec.Int("output_padding", ValueRange.NonNegative, 0));
        list.Add(ParameterSpec.Int("dilation", defaultValue: 1));
        list.Add(ParameterSpec.Int("groups", defaultValue: 1));
        list.Add(Bias);
        return list.ToArray();
    }

    private static ParameterSpec[] Pool() => new[]
    {
        ParameterSpec.Int("kernel"),
        new ParameterSpec("stride", ValueType.Integer, ValueRange.AtLeastOne, DefaultFrom: "kernel"),
        ParameterSpec.Int("padding", ValueRange.NonNegative, 0),
    };

    public static readonly IReadOnlyDictionary<string, IReadOnlyList<ParameterSpec>> Layers = new Dictionary<string, IReadOnlyList<ParameterSpec>>
    {
        ["linear"] = new[] { ParameterSpec.Int("features"), Bias },
        ["conv1d"] = Convolution(false),
        ["conv2d"] = Convolution(false),
        ["conv_transpose2d"] = Convolution(true),
        ["max_pool2d"] = Pool(),
        ["avg_pool2d"] = Pool(),
        ["upsample"] = new[] { ParameterSpec.Int("scale"), ParameterSpec.Choice("mode", "nearest", "nearest", "bilinear") },
        ["batch_norm"] = new[] { ParameterSpec.Float("momentum", ValueRange.UnitInterval, 0.1), ParameterSpec.Float("eps", ValueRange.Positive, 1e-5) },
        ["layer_norm"] = new[] { ParameterSpec.Float("eps", ValueRange.Positive, 1e-5) },
        ["group_norm"] = new[] { ParameterSpec.Int("groups"), ParameterSpec.Float("eps", ValueRange.Positive, 1e-5) },
        ["dropout"] = new[] { ParameterSpec.Float("p", ValueRange.Probability, 0.5) },
        ["flatten"] = new ParameterSpec[0],
        ["reshape"] = new ParameterSpec[0], // variadic: handled by the layer binder
        ["embedding"] = new[] { ParameterSpec.Int("count"), ParameterSpec.Int("dim") },
        ["residual"] = new ParameterSpec[0],
        ["relu"] = new ParameterSpec[0],
        ["leaky_relu"] = new[] { ParameterSpec.Float("slope", ValueRange.Any, 0.01) },
        ["gelu"] = new ParameterSpec[0],
        ["silu"] = new ParameterSpec[0],
        ["elu"] = new[] { ParameterSpec.Float("alpha", ValueRange.Positive, 1.0) },
        ["tanh"] = new ParameterSpec[0],
        ["sigmoid"] = new ParameterSpec[0],
        ["softplus"] = new[] { ParameterSpec.Float("beta", ValueRange.Positive, 1.0) },
        ["identity"] = new ParameterSpec[0],
    };
}
