using System.Collections.Generic;
using static VaeDsl.Dsl.Catalog.ConstructParameter;

namespace VaeDsl.Dsl.Catalog;

public static partial class ConstructCatalog
{
    private const string ConvolutionSize = "⌊(L + 2·padding − dilation·(kernel − 1) − 1) / stride⌋ + 1";
    private const string TransposedSize = "(L − 1)·stride − 2·padding + dilation·(kernel − 1) + output_padding + 1";
    private const string PoolSize = "⌊(L + 2·padding − kernel) / stride⌋ + 1";

    private static IEnumerable<Construct> LayerEntries()
    {
        yield return Layer("linear", "A fully connected layer (torch.nn.Linear) on the last dimension.", "Linear", LayerShapeRule.Linear, 0,
            "[…, F] → […, features]",
            Int("features", "Output features."), Bias());
        yield return Convolution("conv1d", "A 1-D convolution (torch.nn.Conv1d) over [channels, length].", "Conv1d", 1, transposed: false);
        yield return Convolution("conv2d", "A 2-D convolution (torch.nn.Conv2d) over [channels, height, width].", "Conv2d", 2, transposed: false);
        yield return Convolution("conv_transpose1d", "A 1-D transposed convolution (torch.nn.ConvTranspose1d) over [channels, length].", "ConvTranspose1d", 1, transposed: true);
        yield return Convolution("conv_transpose2d", "A 2-D transposed convolution (torch.nn.ConvTranspose2d) over [channels, height, width].", "ConvTranspose2d", 2, transposed: true);
        yield return Pool("max_pool1d", "1-D max pooling (torch.nn.MaxPool1d).", "MaxPool1d", 1);
        yield return Pool("max_pool2d", "2-D max pooling (torch.nn.MaxPool2d).", "MaxPool2d", 2);
        yield return Pool("avg_pool1d", "1-D average pooling (torch.nn.AvgPool1d); padding counts in the average, as in PyTorch.", "AvgPool1d", 1);
        yield return Pool("avg_pool2d", "2-D average pooling (torch.nn.AvgPool2d); padding counts in the average, as in PyTorch.", "AvgPool2d", 2);
        yield return Layer("upsample", "Scales the spatial sizes by an integer factor (torch.nn.Upsample).", "Upsample", LayerShapeRule.Upsample, 0,
            "[C, L] or [C, H, W] → spatial sizes × scale; bilinear needs [C, H, W]",
            Int("scale", "The factor every spatial size is multiplied by."),
            Choice("mode", "How new values are interpolated.", "nearest", "nearest", "bilinear"));
        yield return Layer("batch_norm", "Batch normalisation over channels (BatchNorm1d for [F] or [C, L], BatchNorm2d for [C, H, W]).", "BatchNorm", LayerShapeRule.BatchNorm, 0,
            "[F], [C, L] or [C, H, W]; shape kept",
            Float("momentum", "Weight of the newest batch in the running statistics.", ValueRange.UnitInterval, 0.1),
            Float("eps", "Added to the variance for numerical stability.", ValueRange.Positive, 1e-5));
        yield return Layer("layer_norm", "Layer normalisation over all non-batch dimensions, with a learned scale and shift.", "LayerNorm", LayerShapeRule.LayerNorm, 0,
            "shape kept",
            Float("eps", "Added to the variance for numerical stability.", ValueRange.Positive, 1e-5));
        yield return Layer("group_norm", "Group normalisation of the channels (first dimension) in groups.", "GroupNorm", LayerShapeRule.GroupNorm, 0,
            "[C, …] (at least one dimension after C) with groups dividing C; shape kept",
            Int("groups", "Number of channel groups; must divide the channels."),
            Float("eps", "Added to the variance for numerical stability.", ValueRange.Positive, 1e-5));
        yield return Layer("dropout", "Zeroes each element with probability p during training.", "Dropout", LayerShapeRule.Keep, 0,
            "shape kept",
            Float("p", "The probability of zeroing an element.", ValueRange.Probability, 0.5));
        yield return Layer("flatten", "Flattens each example to one dimension.", "Flatten", LayerShapeRule.Flatten, 0, "→ [product of the dimensions]");
        yield return new Construct(ConstructKind.Layer, "reshape", "Reshapes each example to the given positive sizes.", new ConstructParameter[0])
        {
            ShapeRule = "→ [d0, d1, …] with the same element count",
            Variadic = true,
            Runtime = "LayerStack.Reshape",
            Shape = new LayerShape(LayerShapeRule.Reshape),
        };
        yield return Layer("embedding", "An embedding table: each integer index in [0, count) becomes a learned vector.", "Embedding", LayerShapeRule.Embedding, 0,
            "[L] of indices → [L, dim]",
            Int("count", "Number of distinct indices."), Int("dim", "Size of each vector."));
        yield return Recurrent("lstm", "A long short-term memory recurrent layer (torch.nn.LSTM) over a sequence [L, F].", "Lstm");
        yield return Recurrent("gru", "A gated recurrent unit layer (torch.nn.GRU) over a sequence [L, F].", "Gru");
        yield return Layer("self_attention", "Multi-head self-attention (torch.nn.MultiheadAttention) over a sequence [L, E].", "SelfAttention", LayerShapeRule.Attention, 0,
            "[L, E] with heads dividing E; shape kept",
            Int("heads", "Number of attention heads; must divide the embedding size E."),
            Bool("causal", "Whether each position attends only to itself and earlier positions.", false));
        yield return Layer("transformer", "A transformer encoder layer (torch.nn.TransformerEncoderLayer): self-attention and a ReLU feed-forward block, each with a residual connection and layer normalisation.", "Transformer", LayerShapeRule.Attention, 0,
            "[L, E] with heads dividing E; shape kept",
            Int("heads", "Number of attention heads; must divide the embedding size E."),
            Int("ff", "Hidden size of the feed-forward block."),
            Float("dropout", "Dropout in the attention and the feed-forward block during training.", ValueRange.Probability, 0.1),
            Choice("norm", "Layer normalisation after each residual connection (post, PyTorch's default) or before each block (pre).", "post", "post", "pre"),
            Bool("causal", "Whether each position attends only to itself and earlier positions.", false));
        yield return Layer("positional", "Adds a position embedding to a sequence [L, E]: a learned [L, E] table, or the fixed sinusoids of Vaswani et al. (2017).", "Positional", LayerShapeRule.Positional, 0,
            "[L, E]; shape kept",
            Choice("encoding", "A learned table (initialised from N(0, 0.02²)) or fixed sinusoids.", "learned", "learned", "sinusoidal"));
        yield return Layer("teacher_forcing", "The decoder reads the input tokens shifted by one position: at each position the latents (and condition) beside the embedding of the token before it, so the layers after it predict each token from those before (teacher forcing); sampling decodes token by token.", "TeacherForcing", LayerShapeRule.TeacherForcing, 0,
            "[F] → [L, F + dim] for an input of L tokens and likelihood TokenCategorical; the decoder's first layer, followed only by layers that keep each position from seeing later ones",
            Int("dim", "Size of the embedding of the previous token."),
            Float("word_dropout", "During training, the probability of replacing each previous token by the unknown token (Bowman et al., 2016).", ValueRange.Probability, 0.0),
            Int("start", "The token read before the first position.", ValueRange.NonNegative, 0),
            Int("unknown", "The token that replaces a dropped one.", ValueRange.NonNegative, 1));
        yield return Layer("pixel_shuffle", "Rearranges channels into space (torch.nn.PixelShuffle): sub-pixel upscaling by a factor r.", "PixelShuffle", LayerShapeRule.PixelShuffle, 0,
            "[C·r², H, W] → [C, H·r, W·r] with r = factor",
            Int("factor", "The upscaling factor r; r² must divide the channels."));
        yield return new Construct(ConstructKind.Layer, "residual", "x + body(x): a residual connection around its body.", new ConstructParameter[0])
        {
            ShapeRule = "the body must keep the shape",
            TakesBody = true,
            Runtime = "LayerStack.Residual",
            Shape = new LayerShape(LayerShapeRule.Residual),
        };
        yield return new Construct(ConstructKind.Layer, "custom", "A module of the project's own C# code (a torch.nn.Module<Tensor, Tensor> with a public constructor taking the arguments); its output shape is declared.", new ConstructParameter[0])
        {
            ShapeRule = "as declared: → [d0, …], or [n0, …] → sizes written over the input's; checked when the model is built",
            IsCustom = true,
            Form = new[]
            {
                SyntaxPiece.Slot("Type"), SyntaxPiece.Fixed("("), SyntaxPiece.Slot("arguments"), SyntaxPiece.Fixed(") ["),
                SyntaxPiece.Slot("n0, …"), SyntaxPiece.Fixed("] -> ["), SyntaxPiece.Slot("d0, …"), SyntaxPiece.Fixed("]"),
            },
            Runtime = "LayerStack.Custom",
            Shape = new LayerShape(LayerShapeRule.Declared),
        };
        yield return Activation("relu", "Rectified linear unit.", "ReLU");
        yield return Activation("leaky_relu", "Leaky rectified linear unit.", "LeakyReLU", Float("slope", "The slope for negative inputs.", ValueRange.Any, 0.01));
        yield return Activation("gelu", "Gaussian error linear unit.", "GELU");
        yield return Activation("silu", "Sigmoid linear unit (swish).", "SiLU");
        yield return Activation("elu", "Exponential linear unit.", "ELU", Float("alpha", "The value approached for large negative inputs is −alpha.", ValueRange.Positive, 1.0));
        yield return Activation("tanh", "Hyperbolic tangent.", "Tanh");
        yield return Activation("sigmoid", "Logistic sigmoid.", "Sigmoid");
        yield return Activation("softplus", "Softplus, log(1 + exp(beta·x)) / beta.", "Softplus", Float("beta", "The sharpness.", ValueRange.Positive, 1.0));
        yield return Activation("identity", "Returns its input (keeps layer numbering aligned).", "Identity");
    }

    private static Construct Layer(string name, string doc, string method, LayerShapeRule rule, int spatial, string shapeRule, params ConstructParameter[] parameters) =>
        new(ConstructKind.Layer, name, doc, parameters)
        {
            ShapeRule = shapeRule,
            Runtime = "LayerStack." + method,
            Shape = new LayerShape(rule, spatial),
        };

    private static Construct Activation(string name, string doc, string method, params ConstructParameter[] parameters) =>
        Layer(name, doc, method, LayerShapeRule.Keep, 0, "shape kept", parameters);

    private static Construct Recurrent(string name, string doc, string method) =>
        Layer(name, doc, method, LayerShapeRule.Recurrent, 0,
            "[L, F] → [L, hidden·d] (output: sequence) or [hidden·d] (output: last), d = 2 when bidirectional, else 1",
            Int("hidden", "Size of the hidden state of each direction."),
            Int("layers", "Number of stacked recurrent layers.", defaultValue: 1),
            Bool("bidirectional", "Whether a second layer reads the sequence backwards, its states beside the forward ones.", false),
            Choice("output", "The whole sequence of the last layer's states, or its final state (of both directions when bidirectional).", "sequence", "sequence", "last"));

    private static ConstructParameter Bias() => Bool("bias", "Whether the layer adds a learned bias.", true);

    private static Construct Convolution(string name, string doc, string method, int spatial, bool transposed)
    {
        var parameters = new List<ConstructParameter>
        {
            Int("channels", "Output channels."),
            Int("kernel", "Kernel size along each spatial dimension."),
            Int("stride", "Step between applications of the kernel.", defaultValue: 1),
            Int("padding", "Zeros added on each side of every spatial dimension.", ValueRange.NonNegative, 0),
        };
        if (transposed) parameters.Add(Int("output_padding", "Extra size added to one side of the output; smaller than stride or dilation.", ValueRange.NonNegative, 0));
        parameters.Add(Int("dilation", "Spacing between kernel elements.", defaultValue: 1));
        parameters.Add(Int("groups", "Blocked connections from input to output channels; must divide both.", defaultValue: 1));
        parameters.Add(Bias());
        var input = spatial == 1 ? "[C, L] → [channels, L']" : "[C, H, W] → [channels, H', W']";
        var rule = transposed ? LayerShapeRule.TransposedConvolution : LayerShapeRule.Convolution;
        return Layer(name, doc, method, rule, spatial, input + ", " + SizeRule(spatial) + (transposed ? TransposedSize : ConvolutionSize) + (transposed ? "; output_padding smaller than stride or dilation" : ""), parameters.ToArray());
    }

    /// <summary>How the size formula names the spatial sizes it applies to.</summary>
    private static string SizeRule(int spatial) => spatial == 1 ? "L' = " : "each spatial size L becomes ";

    private static Construct Pool(string name, string doc, string method, int spatial)
    {
        var input = spatial == 1 ? "[C, L] → [C, L']" : "[C, H, W] → [C, H', W']";
        return Layer(name, doc, method, LayerShapeRule.Pool, spatial, input + ", " + SizeRule(spatial) + PoolSize + "; padding at most kernel / 2",
            Int("kernel", "Window size along each spatial dimension."),
            new ConstructParameter("stride", ParameterType.Integer, ValueRange.AtLeastOne, null, null, NoWords, "kernel", "Step between windows."),
            Int("padding", "Padding on each side of every spatial dimension.", ValueRange.NonNegative, 0));
    }
}
