using System.Collections.Generic;
using System.Linq;
using VaeDsl.Dsl.Catalog;
using VaeDsl.Dsl.Model;

namespace VaeDsl.PyTorchExport;

/// <summary>The torch.nn module of each layer of the catalogue, at the checked shapes: the submodule the generated
/// TorchSharp stack holds at the same index, so their state_dict keys and shapes agree.</summary>
internal static class LayerEmitter
{
    /// <summary>The catalogue's layers that export, by name.</summary>
    public static readonly IReadOnlyCollection<string> Supported = new HashSet<string>
    {
        "linear", "conv1d", "conv2d", "conv_transpose1d", "conv_transpose2d", "max_pool1d", "max_pool2d", "avg_pool1d",
        "avg_pool2d", "upsample", "batch_norm", "layer_norm", "group_norm", "dropout", "flatten", "reshape", "embedding",
        "residual", "lstm", "gru", "self_attention", "transformer", "positional", "pixel_shuffle", "teacher_forcing", "relu", "leaky_relu", "gelu", "silu", "elu", "tanh", "sigmoid", "softplus", "identity",
    };

    /// <summary>The lines of a <c>nn.Sequential(…)</c> of <paramref name="layers"/>, one layer per line (a residual's
    /// body indented inside it), for <paramref name="use"/> to record the names it needs imported.</summary>
    /// <param name="vocab">The likelihood's vocabulary, which <c>teacher_forcing</c> embeds; 0 without one.</param>
    public static void Sequence(PythonWriter w, IEnumerable<LayerSpec> layers, ModuleImports use, long vocab = 0)
    {
        foreach (var layer in layers)
        {
            if (layer.Kind == "residual" && layer.Body is { } body)
            {
                w.Line(use.Name("layers", "Residual") + "(");
                w.Indent();
                Sequence(w, body.Layers, use, vocab);
                w.Close();
                w.Line("),");
                continue;
            }
            w.Line(Module(layer, use, vocab) + ",");
        }
    }

    /// <summary>The catalogue's layers the export refuses by design: a custom layer is C# code of the project.</summary>
    public static readonly IReadOnlyCollection<string> Refused = new HashSet<string> { "custom" };

    private static string Module(LayerSpec layer, ModuleImports use, long vocab)
    {
        if (layer.Custom is { } custom)
        {
            throw new ExportRefusedException(custom.TypeSpan,
                $"the custom layer '{custom.TypeName}' is C# code of the project, which the PyTorch export cannot translate; write the layer with the language's layers to export the model");
        }
        if (!Supported.Contains(layer.Kind) || ConstructCatalog.Find(ConstructKind.Layer, layer.Kind) is null || (layer.Kind == "residual" && layer.Body is null))
        {
            throw new ExportRefusedException(layer.Span, $"the layer '{layer.Kind}' has no PyTorch export yet");
        }
        var input = layer.InputShape.Dims;
        var construct = ConstructCatalog.Find(ConstructKind.Layer, layer.Kind)!;
        // The front end fills in every default; the catalogue's are the fallback all the same.
        double Value(string name) => layer.Arguments.FirstOrDefault(a => a.Name == name)?.Number?.Value
            ?? construct.Parameter(name)?.NumberDefault
            ?? (construct.Parameter(name)?.DefaultFrom is { } from ? Value(from) : 0);
        string Number(string name) => PythonText.Literal(Value(name), NumberKind.Int);
        string? Word(string name) => layer.Arguments.FirstOrDefault(a => a.Name == name)?.Word;
        bool Bias() => Word("bias") != "false";
        // Keyword arguments only where they differ from PyTorch's defaults, as a PyTorch user writes them.
        string Options(params (string Name, string Text, bool Default)[] options) =>
            string.Concat(options.Where(o => !o.Default).Select(o => $", {o.Name}={o.Text}"));
        string Convolution(string type, bool transposed) =>
            $"nn.{type}({input[0]}, {Number("channels")}, {Number("kernel")}" + Options(
                ("stride", Number("stride"), Value("stride") == 1),
                ("padding", Number("padding"), Value("padding") == 0),
                ("output_padding", transposed ? Number("output_padding") : "0", !transposed || Value("output_padding") == 0),
                ("dilation", Number("dilation"), Value("dilation") == 1),
                ("groups", Number("groups"), Value("groups") == 1),
                ("bias", "False", Bias())) + ")";
        string Pool(string type) => $"nn.{type}({Number("kernel")}" + Options(
            ("stride", Number("stride"), Value("stride") == Value("kernel")),
            ("padding", Number("padding"), Value("padding") == 0)) + ")";
        string Recurrent(string type) =>
            $"{use.Name("layers", "Recurrent")}(nn.{type}({input[1]}, {Number("hidden")}" + Options(
                ("num_layers", Number("layers"), Value("layers") == 1)) + ", batch_first=True"
            + (Word("bidirectional") == "true" ? ", bidirectional=True" : "") + ")" + (Word("output") == "last" ? ", last=True" : "") + ")";
        return layer.Kind switch
        {
            "linear" => $"nn.Linear({input[input.Count - 1]}, {Number("features")}{(Bias() ? "" : ", bias=False")})",
            "conv1d" => Convolution("Conv1d", transposed: false),
            "conv2d" => Convolution("Conv2d", transposed: false),
            "conv_transpose1d" => Convolution("ConvTranspose1d", transposed: true),
            "conv_transpose2d" => Convolution("ConvTranspose2d", transposed: true),
            "max_pool1d" => Pool("MaxPool1d"),
            "max_pool2d" => Pool("MaxPool2d"),
            "avg_pool1d" => Pool("AvgPool1d"),
            "avg_pool2d" => Pool("AvgPool2d"),
            "upsample" => Word("mode") is { } mode and not "nearest"
                ? $"nn.Upsample(scale_factor={PythonText.Float(Value("scale"))}, mode={PythonText.Quote(mode)}, align_corners=False)"
                : $"nn.Upsample(scale_factor={PythonText.Float(Value("scale"))})",
            "batch_norm" => $"nn.BatchNorm{(input.Count == 3 ? "2d" : "1d")}({input[0]}" + Options(
                ("eps", PythonText.Float(Value("eps")), Value("eps") == 1e-5),
                ("momentum", PythonText.Float(Value("momentum")), Value("momentum") == 0.1)) + ")",
            "layer_norm" => $"nn.LayerNorm({(input.Count == 1 ? input[0].ToString() : "(" + string.Join(", ", input) + ")")}"
                + Options(("eps", PythonText.Float(Value("eps")), Value("eps") == 1e-5)) + ")",
            "group_norm" => $"nn.GroupNorm({Number("groups")}, {input[0]}" + Options(("eps", PythonText.Float(Value("eps")), Value("eps") == 1e-5)) + ")",
            "dropout" => Value("p") == 0.5 ? "nn.Dropout()" : $"nn.Dropout({PythonText.Float(Value("p"))})",
            "flatten" => "nn.Flatten()",
            "reshape" => $"{use.Name("layers", "Reshape")}({string.Join(", ", layer.Arguments.Select(a => PythonText.Literal(a.Number!.Value, NumberKind.Int)))})",
            "embedding" => $"{use.Name("layers", "IndexEmbedding")}({Number("count")}, {Number("dim")})",
            "lstm" => Recurrent("LSTM"),
            "gru" => Recurrent("GRU"),
            "self_attention" => $"{use.Name("layers", "SelfAttention")}({input[1]}, {Number("heads")}{(Word("causal") == "true" ? ", causal=True" : "")})",
            "transformer" => $"{(Word("causal") == "true" ? use.Name("layers", "CausalTransformerEncoderLayer") : "nn.TransformerEncoderLayer")}({input[1]}, {Number("heads")}, {Number("ff")}"
                + Options(("dropout", PythonText.Float(Value("dropout")), Value("dropout") == 0.1)) + ", batch_first=True"
                + (Word("norm") == "pre" ? ", norm_first=True" : "") + ")",
            "positional" => Word("encoding") == "sinusoidal"
                ? $"{use.Name("layers", "SinusoidalPositional")}()"
                : $"{use.Name("layers", "LearnedPositional")}({input[0]}, {input[1]})",
            "pixel_shuffle" => $"nn.PixelShuffle({Number("factor")})",
            // The decoder's input is [F + L], its features then the tokens; the output [L, F + dim] holds both.
            "teacher_forcing" => $"{use.Name("layers", "TeacherForcing")}({input[0]}, {layer.OutputShape.Dims[0]}, {vocab}, {Number("dim")}"
                + Options(("word_dropout", PythonText.Float(Value("word_dropout")), Value("word_dropout") == 0),
                    ("start", Number("start"), Value("start") == 0), ("unknown", Number("unknown"), Value("unknown") == 1)) + ")",
            "relu" => "nn.ReLU()",
            "leaky_relu" => Value("slope") == 0.01 ? "nn.LeakyReLU()" : $"nn.LeakyReLU({PythonText.Float(Value("slope"))})",
            "gelu" => "nn.GELU()",
            "silu" => "nn.SiLU()",
            "elu" => Value("alpha") == 1.0 ? "nn.ELU()" : $"nn.ELU({PythonText.Float(Value("alpha"))})",
            "tanh" => "nn.Tanh()",
            "sigmoid" => "nn.Sigmoid()",
            "softplus" => Value("beta") == 1.0 ? "nn.Softplus()" : $"nn.Softplus({PythonText.Float(Value("beta"))})",
            _ => "nn.Identity()",
        };
    }
}
