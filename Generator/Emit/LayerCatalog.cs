using System.Collections.Generic;

namespace VaeDsl.Generator.Emit;

/// <summary>How each .vae layer maps onto a <c>LayerStack</c> method of the Runtime: the method name and
/// its parameters in order, with the default that lets the emitter leave an argument out.</summary>
internal static class LayerCatalog
{
    internal sealed record Parameter(string DslName, string CSharpName, string? Default);

    internal sealed record Entry(string Method, IReadOnlyList<Parameter> Parameters, bool Variadic = false);

    private static Parameter Required(string dsl, string cs) => new(dsl, cs, null);

    private static Parameter Optional(string dsl, string cs, string @default) => new(dsl, cs, @default);

    private static readonly Parameter[] ConvTail =
    {
        Optional("stride", "stride", "1"),
        Optional("padding", "padding", "0"),
        Optional("dilation", "dilation", "1"),
        Optional("groups", "groups", "1"),
        Optional("bias", "bias", "true"),
    };

    public static readonly IReadOnlyDictionary<string, Entry> Entries = new Dictionary<string, Entry>
    {
        ["linear"] = new("Linear", new[] { Required("features", "features"), Optional("bias", "bias", "true") }),
        ["conv1d"] = new("Conv1d", Concat(new[] { Required("channels", "channels"), Required("kernel", "kernel") }, ConvTail)),
        ["conv2d"] = new("Conv2d", Concat(new[] { Required("channels", "channels"), Required("kernel", "kernel") }, ConvTail)),
        ["conv_transpose2d"] = new("ConvTranspose2d", new[]
        {
            Required("channels", "channels"),
            Required("kernel", "kernel"),
            Optional("stride", "stride", "1"),
            Optional("padding", "padding", "0"),
            Optional("output_padding", "outputPadding", "0"),
            Optional("dilation", "dilation", "1"),
            Optional("groups", "groups", "1"),
            Optional("bias", "bias", "true"),
        }),
        ["max_pool2d"] = new("MaxPool2d", new[] { Required("kernel", "kernel"), Required("stride", "stride"), Optional("padding", "padding", "0") }),
        ["avg_pool2d"] = new("AvgPool2d", new[] { Required("kernel", "kernel"), Required("stride", "stride"), Optional("padding", "padding", "0") }),
        ["upsample"] = new("Upsample", new[] { Required("scale", "scale"), Optional("mode", "mode", "\"nearest\"") }),
        ["batch_norm"] = new("BatchNorm", new[] { Optional("momentum", "momentum", "0.1"), Optional("eps", "eps", "1E-05") }),
        ["layer_norm"] = new("LayerNorm", new[] { Optional("eps", "eps", "1E-05") }),
        ["group_norm"] = new("GroupNorm", new[] { Required("groups", "groups"), Optional("eps", "eps", "1E-05") }),
        ["dropout"] = new("Dropout", new[] { Optional("p", "p", "0.5") }),
        ["flatten"] = new("Flatten", new Parameter[0]),
        ["reshape"] = new("Reshape", new Parameter[0], Variadic: true),
        ["embedding"] = new("Embedding", new[] { Required("count", "count"), Required("dim", "dim") }),
        ["relu"] = new("ReLU", new Parameter[0]),
        ["leaky_relu"] = new("LeakyReLU", new[] { Optional("slope", "slope", "0.01") }),
        ["gelu"] = new("GELU", new Parameter[0]),
        ["silu"] = new("SiLU", new Parameter[0]),
        ["elu"] = new("ELU", new[] { Optional("alpha", "alpha", "1.0") }),
        ["tanh"] = new("Tanh", new Parameter[0]),
        ["sigmoid"] = new("Sigmoid", new Parameter[0]),
        ["softplus"] = new("Softplus", new[] { Optional("beta", "beta", "1.0") }),
        ["identity"] = new("Identity", new Parameter[0]),
    };

    private static Parameter[] Concat(Parameter[] head, Parameter[] tail)
    {
        var result = new Parameter[head.Length + tail.Length];
        head.CopyTo(result, 0);
        tail.CopyTo(result, head.Length);
        return result;
    }
}
