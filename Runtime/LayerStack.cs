using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using VaeDsl.Runtime.Layers;
using static TorchSharp.torch;

namespace VaeDsl.Runtime;

/// <summary>
/// Builds a <see cref="Sequential"/> layer by layer while tracking the shape of one example (no batch dimension),
/// so each layer's input size is known and impossible shapes fail with a <see cref="ModelShapeException"/>.
/// Submodules are named "0", "1", … like PyTorch's <c>nn.Sequential</c>.
/// </summary>
public sealed class LayerStack
{
    private readonly List<nn.Module<Tensor, Tensor>> layers = new();
    private long[] shape;

    /// <summary>Starts a stack whose input examples have <paramref name="inputShape"/>.</summary>
    public LayerStack(params long[] inputShape)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        if (inputShape.Any(d => d <= 0))
        {
            throw new ModelShapeException($"input shape {ShapeText.Format(inputShape)} has a non-positive dimension");
        }

        shape = inputShape.ToArray();
    }

    /// <summary>The token sequence the stack's input carries after its features, for a decoder whose first layer is
    /// <see cref="TeacherForcing"/>; null otherwise.</summary>
    public TokenInput? Tokens { get; init; }

    /// <summary>The shape of one example after the layers added so far.</summary>
    public IReadOnlyList<long> Shape => shape;

    /// <summary>The number of layers added so far.</summary>
    public int Count => layers.Count;

    /// <summary>A fully connected layer on the last dimension: [..., F] → [..., features] (per position of a sequence [L, F]).</summary>
    public LayerStack Linear(long features, bool bias = true)
    {
        RequirePositive("linear", features, "features");
        var output = shape.ToArray();
        output[^1] = features;
        return Add(nn.Linear(shape[^1], features, hasBias: bias), output);
    }

    /// <summary>A 1-D convolution over [channels, length].</summary>
    public LayerStack Conv1d(long channels, long kernel, long stride = 1, long padding = 0, long dilation = 1, long groups = 1, bool bias = true)
    {
        const string kind = "conv1d";
        RequireConvArguments(kind, channels, kernel, stride, padding, dilation, groups);
        RequireRank(kind, 2, "[channels, length]");
        RequireGroups(kind, shape[0], channels, groups);
        var length = ConvOutput(kind, shape[1], kernel, stride, padding, dilation);
        return Add(
            nn.Conv1d(shape[0], channels, kernel, stride: stride, padding: padding, dilation: dilation, groups: groups, bias: bias),
            new[] { channels, length });
    }

    /// <summary>A 2-D convolution over [channels, height, width].</summary>
    public LayerStack Conv2d(long channels, long kernel, long stride = 1, long padding = 0, long dilation = 1, long groups = 1, bool bias = true)
    {
        const string kind = "conv2d";
        RequireConvArguments(kind, channels, kernel, stride, padding, dilation, groups);
        RequireRank(kind, 3, "[channels, height, width]");
        RequireGroups(kind, shape[0], channels, groups);
        var height = ConvOutput(kind, shape[1], kernel, stride, padding, dilation);
        var width = ConvOutput(kind, shape[2], kernel, stride, padding, dilation);
        return Add(
            nn.Conv2d(shape[0], channels, kernel, stride: stride, padding: padding, dilation: dilation, groups: groups, bias: bias),
            new[] { channels, height, width });
    }

    /// <summary>A 1-D transposed convolution over [channels, length].</summary>
    public LayerStack ConvTranspose1d(long channels, long kernel, long stride = 1, long padding = 0, long outputPadding = 0, long dilation = 1, long groups = 1, bool bias = true)
    {
        var output = TransposedShape("conv_transpose1d", 1, channels, kernel, stride, padding, outputPadding, dilation, groups);
        return Add(
            nn.ConvTranspose1d(shape[0], channels, kernel, stride: stride, padding: padding, output_padding: outputPadding, dilation: dilation, groups: groups, bias: bias),
            output);
    }

    /// <summary>A 2-D transposed convolution over [channels, height, width].</summary>
    public LayerStack ConvTranspose2d(long channels, long kernel, long stride = 1, long padding = 0, long outputPadding = 0, long dilation = 1, long groups = 1, bool bias = true)
    {
        var output = TransposedShape("conv_transpose2d", 2, channels, kernel, stride, padding, outputPadding, dilation, groups);
        return Add(
            nn.ConvTranspose2d(shape[0], channels, kernel, stride: stride, padding: padding, output_padding: outputPadding, dilation: dilation, groups: groups, bias: bias),
            output);
    }

    /// <summary>1-D max pooling over [channels, length].</summary>
    public LayerStack MaxPool1d(long kernel, long stride, long padding = 0) =>
        Add(nn.MaxPool1d(kernel, stride, padding), PoolShape("max_pool1d", 1, kernel, stride, padding));

    /// <summary>2-D max pooling over [channels, height, width].</summary>
    public LayerStack MaxPool2d(long kernel, long stride, long padding = 0) =>
        Add(nn.MaxPool2d(kernel, stride, padding), PoolShape("max_pool2d", 2, kernel, stride, padding));

    /// <summary>1-D average pooling over [channels, length] (padding counted in the average, as in PyTorch).</summary>
    public LayerStack AvgPool1d(long kernel, long stride, long padding = 0) =>
        Add(nn.AvgPool1d(kernel, stride, padding), PoolShape("avg_pool1d", 1, kernel, stride, padding));

    /// <summary>2-D average pooling over [channels, height, width] (padding counted in the average, as in PyTorch).</summary>
    public LayerStack AvgPool2d(long kernel, long stride, long padding = 0) =>
        Add(nn.AvgPool2d(kernel, stride, padding), PoolShape("avg_pool2d", 2, kernel, stride, padding));

    /// <summary>
    /// Scales the spatial dimensions of [channels, length], [channels, height, width] or [channels, depth, height, width]
    /// by <paramref name="scale"/> (sizes rounded down). Modes: nearest, linear, bilinear, bicubic, trilinear.
    /// </summary>
    public LayerStack Upsample(double scale, string mode = "nearest")
    {
        const string kind = "upsample";
        if (!(scale > 0) || double.IsInfinity(scale))
        {
            throw Error(kind, $"scale {scale} must be positive");
        }

        if (shape.Length < 2 || shape.Length > 4)
        {
            throw Error(kind, $"expects [channels, ...1 to 3 spatial dims] but the shape is {ShapeText.Format(shape)}");
        }

        var spatial = shape.Length - 1;
        var upsampleMode = ParseUpsampleMode(kind, mode, spatial);
        var output = shape.ToArray();
        for (var i = 1; i < output.Length; i++)
        {
            output[i] = (long)Math.Floor(shape[i] * scale);
            if (output[i] <= 0)
            {
                throw Error(kind, $"scale {scale} turns {ShapeText.Format(shape)} into {ShapeText.Format(output)}");
            }
        }

        var factors = Enumerable.Repeat(scale, spatial).ToArray();
        bool? alignCorners = upsampleMode == UpsampleMode.Nearest ? null : false;
        return Add(nn.Upsample(scale_factor: factors, mode: upsampleMode, align_corners: alignCorners), output);
    }

    /// <summary>Batch normalisation over channels: 1-d for [C] or [C, L], 2-d for [C, H, W], 3-d for [C, D, H, W].</summary>
    public LayerStack BatchNorm(double momentum = 0.1, double eps = 1e-5)
    {
        const string kind = "batch_norm";
        nn.Module<Tensor, Tensor> layer = shape.Length switch
        {
            1 or 2 => nn.BatchNorm1d(shape[0], eps: eps, momentum: momentum),
            3 => nn.BatchNorm2d(shape[0], eps: eps, momentum: momentum),
            4 => nn.BatchNorm3d(shape[0], eps: eps, momentum: momentum),
            _ => throw Error(kind, $"expects [C], [C, L], [C, H, W] or [C, D, H, W] but the shape is {ShapeText.Format(shape)}"),
        };
        return Add(layer, shape);
    }

    /// <summary>Layer normalisation over all non-batch dimensions, with a learned scale and shift.</summary>
    public LayerStack LayerNorm(double eps = 1e-5) => Add(nn.LayerNorm(shape.ToArray(), eps), shape);

    /// <summary>Group normalisation of the first (channel) dimension into <paramref name="groups"/> groups.</summary>
    public LayerStack GroupNorm(long groups, double eps = 1e-5)
    {
        const string kind = "group_norm";
        RequirePositive(kind, groups, "groups");
        if (shape.Length < 2)
        {
            throw Error(kind, $"expects [channels, ...] with at least one more dimension but the shape is {ShapeText.Format(shape)}");
        }

        if (shape[0] % groups != 0)
        {
            throw Error(kind, $"{shape[0]} channels do not divide into {groups} groups");
        }

        var norm = nn.GroupNorm(groups, shape[0], eps);
        // TorchSharp 0.107 leaves GroupNorm's affine parameters uninitialised; PyTorch starts them at 1 and 0.
        using (no_grad())
        {
            norm.weight!.fill_(1);
            norm.bias!.zero_();
        }
        return Add(norm, shape);
    }

    /// <summary>Dropout with probability <paramref name="p"/> during training.</summary>
    public LayerStack Dropout(double p = 0.5)
    {
        if (!(p >= 0 && p < 1))
        {
            throw Error("dropout", $"probability {p} must be in [0, 1)");
        }

        return Add(nn.Dropout(p), shape);
    }

    /// <summary>Flattens each example to one dimension.</summary>
    public LayerStack Flatten() => Add(nn.Flatten(), new[] { shape.Aggregate(1L, (a, b) => a * b) });

    /// <summary>Reshapes each example to <paramref name="exampleShape"/>, which must hold the same number of elements.</summary>
    public LayerStack Reshape(params long[] exampleShape)
    {
        const string kind = "reshape";
        ArgumentNullException.ThrowIfNull(exampleShape);
        if (exampleShape.Length == 0 || exampleShape.Any(d => d <= 0))
        {
            throw Error(kind, $"target {ShapeText.Format(exampleShape)} must list positive dimensions");
        }

        var from = shape.Aggregate(1L, (a, b) => a * b);
        var to = exampleShape.Aggregate(1L, (a, b) => a * b);
        if (from != to)
        {
            throw Error(kind, $"cannot reshape {ShapeText.Format(shape)} ({from} values) to {ShapeText.Format(exampleShape)} ({to} values)");
        }

        return Add(new ReshapeLayer(exampleShape), exampleShape.ToArray());
    }

    /// <summary>An embedding table: integer indices of shape S become vectors, shape S + [dim].</summary>
    public LayerStack Embedding(long count, long dim)
    {
        RequirePositive("embedding", count, "count");
        RequirePositive("embedding", dim, "dim");
        return Add(new IndexEmbedding(count, dim), shape.Append(dim).ToArray());
    }

    /// <summary>An LSTM over a sequence [L, F]: its last layer's states [L, hidden·d] (<paramref name="output"/>
    /// "sequence") or final state [hidden·d] ("last"); d = 2 when bidirectional.</summary>
    public LayerStack Lstm(long hidden, long layers = 1, bool bidirectional = false, string output = "sequence") =>
        Recurrent("lstm", hidden, layers, bidirectional, output);

    /// <summary>A GRU over a sequence [L, F], as <see cref="Lstm"/>.</summary>
    public LayerStack Gru(long hidden, long layers = 1, bool bidirectional = false, string output = "sequence") =>
        Recurrent("gru", hidden, layers, bidirectional, output);

    /// <summary>Multi-head self-attention over a sequence [L, E]; <paramref name="heads"/> must divide E.</summary>
    public LayerStack SelfAttention(long heads, bool causal = false)
    {
        RequireHeads("self_attention", heads);
        return Add(new SelfAttentionLayer(shape[1], heads, causal), shape);
    }

    /// <summary>A transformer encoder layer over a sequence [L, E] (PyTorch's nn.TransformerEncoderLayer, ReLU):
    /// <paramref name="norm"/> "post" (PyTorch's default) or "pre".</summary>
    public LayerStack Transformer(long heads, long ff, double dropout = 0.1, string norm = "post", bool causal = false)
    {
        const string kind = "transformer";
        RequireHeads(kind, heads);
        RequirePositive(kind, ff, "ff");
        if (!(dropout >= 0 && dropout < 1))
        {
            throw Error(kind, $"dropout {dropout} must be in [0, 1)");
        }

        if (norm is not ("post" or "pre"))
        {
            throw Error(kind, $"unknown norm '{norm}' (post, pre)");
        }

        return Add(new TransformerEncoderBlock(shape[1], heads, ff, dropout, norm == "pre", causal), shape);
    }

    /// <summary>Adds a position embedding to a sequence [L, E]: <paramref name="encoding"/> "learned" (a parameter
    /// [L, E]) or "sinusoidal" (fixed).</summary>
    public LayerStack Positional(string encoding = "learned")
    {
        const string kind = "positional";
        RequireRank(kind, 2, "[length, embedding]");
        nn.Module<Tensor, Tensor> layer = encoding switch
        {
            "learned" => new LearnedPositional(shape[0], shape[1]),
            "sinusoidal" => new SinusoidalPositional(),
            _ => throw Error(kind, $"unknown encoding '{encoding}' (learned, sinusoidal)"),
        };
        return Add(layer, shape);
    }

    /// <summary>The first layer of a decoder that reads the input tokens (teacher forcing): the stack's features [F]
    /// beside the embedding of the token before each position, [L, F + dim]; the built stack takes [F + L], the
    /// features followed by the <see cref="Tokens"/>. <paramref name="wordDropout"/> replaces previous tokens by
    /// <paramref name="unknown"/> during training; <paramref name="start"/> is read before the first position.</summary>
    public LayerStack TeacherForcing(long dim, double wordDropout = 0, long start = 0, long unknown = 1)
    {
        const string kind = "teacher_forcing";
        RequirePositive(kind, dim, "dim");
        if (layers.Count != 0 || Tokens is not { } tokens)
        {
            throw Error(kind, "must be the first layer of a stack given its Tokens (a decoder reading the input tokens)");
        }

        RequireRank(kind, 1, "[features]");
        if (!(wordDropout >= 0 && wordDropout < 1))
        {
            throw Error(kind, $"word dropout {wordDropout} must be in [0, 1)");
        }

        if (start < 0 || start >= tokens.Vocab || unknown < 0 || unknown >= tokens.Vocab)
        {
            throw Error(kind, $"start {start} and unknown {unknown} must be tokens of the vocabulary [0, {tokens.Vocab})");
        }

        return Add(new TeacherForcingLayer(shape[0], tokens, dim, wordDropout, start, unknown), new[] { tokens.Length, shape[0] + dim });
    }

    /// <summary>Sub-pixel upscaling: [C·r², H, W] → [C, H·r, W·r] with r = <paramref name="factor"/>.</summary>
    public LayerStack PixelShuffle(long factor)
    {
        const string kind = "pixel_shuffle";
        RequirePositive(kind, factor, "factor");
        RequireRank(kind, 3, "[channels, height, width]");
        if (shape[0] % (factor * factor) != 0)
        {
            throw Error(kind, $"{shape[0]} channels are not divisible by {factor}² = {factor * factor}");
        }

        return Add(nn.PixelShuffle(factor), new[] { shape[0] / (factor * factor), shape[1] * factor, shape[2] * factor });
    }

    /// <summary>
    /// A residual block computing <c>x + body(x)</c>; <paramref name="body"/> receives a stack starting at the
    /// current shape and must end at the same shape.
    /// </summary>
    public LayerStack Residual(Func<LayerStack, LayerStack> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var inner = body(new LayerStack(shape));
        if (!inner.shape.SequenceEqual(shape))
        {
            throw Error("residual", $"body turns {ShapeText.Format(shape)} into {ShapeText.Format(inner.shape)}; a residual body must keep the shape");
        }

        return Add(new ResidualBlock(inner.Build()), shape);
    }

    /// <summary>Rectified linear unit.</summary>
    public LayerStack ReLU() => Add(nn.ReLU(), shape);

    /// <summary>Leaky rectified linear unit with negative slope <paramref name="slope"/>.</summary>
    public LayerStack LeakyReLU(double slope = 0.01) => Add(nn.LeakyReLU(slope), shape);

    /// <summary>Gaussian error linear unit.</summary>
    public LayerStack GELU() => Add(nn.GELU(), shape);

    /// <summary>Sigmoid linear unit (swish).</summary>
    public LayerStack SiLU() => Add(nn.SiLU(), shape);

    /// <summary>Exponential linear unit.</summary>
    public LayerStack ELU(double alpha = 1.0) => Add(nn.ELU(alpha), shape);

    /// <summary>Hyperbolic tangent.</summary>
    public LayerStack Tanh() => Add(nn.Tanh(), shape);

    /// <summary>Logistic sigmoid.</summary>
    public LayerStack Sigmoid() => Add(nn.Sigmoid(), shape);

    /// <summary>Softplus, <c>log(1 + exp(beta x)) / beta</c>.</summary>
    public LayerStack Softplus(double beta = 1.0) => Add(nn.Softplus(beta), shape);

    /// <summary>A layer that returns its input (keeps numbering aligned with a declaration).</summary>
    public LayerStack Identity() => Add(nn.Identity(), shape);

    /// <summary>
    /// A module of the project's own code (a <c>custom</c> layer of a .vae file) whose output shape for one example is
    /// declared rather than inferred. The declaration is held to the truth at once: the module runs on a batch of one
    /// zero example of the current shape (in eval mode, without gradients, on the device of its parameters) and must
    /// return the declared shape; otherwise a <see cref="ModelShapeException"/> names the place in the .vae file, the
    /// input, the declared and the actual shape.
    /// </summary>
    /// <param name="module">The module, constructed with the layer's arguments.</param>
    /// <param name="declaredOutput">The declared output shape of one example.</param>
    /// <param name="declaredAt">Where the layer is written, as a build prints it: <c>file.vae(12,5)</c>.</param>
    public LayerStack Custom(nn.Module<Tensor, Tensor> module, long[] declaredOutput, string declaredAt)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(declaredOutput);
        return AddCustom(module, declaredOutput, declaredAt);
    }

    /// <summary>
    /// A custom layer whose declared output is a rule over its input's sizes (<c>[c, l] -> [c, 2 * l]</c>): the input
    /// must have <paramref name="inputRank"/> dimensions, and <paramref name="declaredOutput"/> gives the output shape
    /// from the input shape. Checked as <see cref="Custom(nn.Module{Tensor, Tensor}, long[], string)"/> is.
    /// </summary>
    public LayerStack Custom(nn.Module<Tensor, Tensor> module, int inputRank, Func<IReadOnlyList<long>, long[]> declaredOutput, string declaredAt)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(declaredOutput);
        if (shape.Length != inputRank)
        {
            throw new ModelShapeException($"{declaredAt}: custom layer {module.GetType().Name} is declared for an input of {inputRank} dimension(s) but receives {ShapeText.Format(shape)}");
        }

        return AddCustom(module, declaredOutput(shape), declaredAt);
    }

    private LayerStack AddCustom(nn.Module<Tensor, Tensor> module, long[] declared, string declaredAt)
    {
        var name = module.GetType().Name;
        if (declared.Length == 0 || declared.Any(d => d <= 0))
        {
            throw new ModelShapeException($"{declaredAt}: custom layer {name} is declared to produce {ShapeText.Format(declared)} for {ShapeText.Format(shape)}; every size must be positive");
        }

        var actual = DryRun(module, declaredAt);
        if (!actual.SequenceEqual(declared))
        {
            throw new ModelShapeException(
                $"{declaredAt}: custom layer {name} is declared to turn {ShapeText.Format(shape)} into {ShapeText.Format(declared)} but produces {ShapeText.Format(actual)}");
        }

        return Add(module, declared.ToArray());
    }

    /// <summary>The shape of one example the module returns for a zero batch of one example of the current shape.</summary>
    private long[] DryRun(nn.Module<Tensor, Tensor> module, string declaredAt)
    {
        var training = module.training;
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var device = module.parameters().FirstOrDefault()?.device;
        var batch = zeros(new[] { 1L }.Concat(shape).ToArray(), device: device);
        try
        {
            // Eval mode: the dry run must not move batch-norm statistics, and batch norm cannot train on one example.
            module.eval();
            var output = module.forward(batch);
            if (output.dim() == 0 || output.shape[0] != 1)
            {
                throw new ModelShapeException($"{declaredAt}: custom layer {module.GetType().Name} returns {ShapeText.Format(output.shape)} for a batch of one example of {ShapeText.Format(shape)}: the first dimension must stay the batch");
            }

            return output.shape.Skip(1).ToArray();
        }
        catch (Exception exception) when (exception is not ModelShapeException)
        {
            throw new ModelShapeException($"{declaredAt}: custom layer {module.GetType().Name} fails on a batch of {ShapeText.Format(shape)}: {exception.Message}");
        }
        finally
        {
            module.train(training);
        }
    }

    /// <summary>Checks that the stack ends in the shape something downstream needs (e.g. what the likelihood
    /// needs for the input); fails with a <see cref="ModelShapeException"/> naming both shapes.</summary>
    /// <param name="expected">The shape needed, without the batch dimension.</param>
    /// <param name="neededBy">Who needs it, for the message (e.g. "the likelihood Bernoulli").</param>
    public LayerStack ExpectShape(IReadOnlyList<long> expected, string neededBy)
    {
        if (!shape.SequenceEqual(expected))
        {
            throw new ModelShapeException($"the layers produce {ShapeText.Format(shape)} but {neededBy} needs {ShapeText.Format(expected)}");
        }
        return this;
    }

    /// <summary>The layers added so far as a <see cref="Sequential"/> with submodules named "0", "1", ….</summary>
    public Sequential Build()
    {
        var named = layers.Select((layer, i) => (i.ToString(System.Globalization.CultureInfo.InvariantCulture), layer)).ToArray();
        return nn.Sequential(named);
    }

    private LayerStack Add(nn.Module<Tensor, Tensor> layer, long[] outputShape)
    {
        layers.Add(layer);
        shape = outputShape;
        return this;
    }

    private ModelShapeException Error(string kind, string problem) =>
        new($"layer {layers.Count} ({kind}): {problem}");

    private void RequirePositive(string kind, long value, string name)
    {
        if (value <= 0)
        {
            throw Error(kind, $"{name} must be positive but is {value}");
        }
    }

    private void RequireRank(string kind, int rank, string expected)
    {
        if (shape.Length != rank)
        {
            throw Error(kind, $"expects {expected} but the input shape is {ShapeText.Format(shape)}");
        }
    }

    private void RequireConvArguments(string kind, long channels, long kernel, long stride, long padding, long dilation, long groups)
    {
        RequirePositive(kind, channels, "channels");
        RequirePositive(kind, kernel, "kernel");
        RequirePositive(kind, stride, "stride");
        RequirePositive(kind, dilation, "dilation");
        RequirePositive(kind, groups, "groups");
        if (padding < 0)
        {
            throw Error(kind, $"padding must be non-negative but is {padding}");
        }
    }

    private void RequireGroups(string kind, long inChannels, long outChannels, long groups)
    {
        if (inChannels % groups != 0 || outChannels % groups != 0)
        {
            throw Error(kind, $"groups {groups} must divide both the input channels ({inChannels}) and the output channels ({outChannels})");
        }
    }

    private long ConvOutput(string kind, long size, long kernel, long stride, long padding, long dilation)
    {
        // PyTorch: floor((size + 2p - d(k - 1) - 1) / s) + 1, computed on the numerator to keep floor semantics for negatives.
        var span = size + 2 * padding - dilation * (kernel - 1) - 1;
        var output = span < 0 ? 0 : span / stride + 1;
        if (output <= 0)
        {
            throw Error(kind, $"kernel {kernel} (dilation {dilation}, padding {padding}) does not fit the input shape {ShapeText.Format(shape)}");
        }

        return output;
    }

    private long TransposedOutput(string kind, long size, long kernel, long stride, long padding, long outputPadding, long dilation)
    {
        var output = (size - 1) * stride - 2 * padding + dilation * (kernel - 1) + outputPadding + 1;
        if (output <= 0)
        {
            throw Error(kind, $"padding {padding} leaves no output for the input shape {ShapeText.Format(shape)} (output size {output})");
        }

        return output;
    }

    /// <summary>The output of a transposed convolution over [channels, …<paramref name="spatial"/> sizes].</summary>
    private long[] TransposedShape(string kind, int spatial, long channels, long kernel, long stride, long padding, long outputPadding, long dilation, long groups)
    {
        RequireConvArguments(kind, channels, kernel, stride, padding, dilation, groups);
        RequireRank(kind, spatial + 1, spatial == 1 ? "[channels, length]" : "[channels, height, width]");
        RequireGroups(kind, shape[0], channels, groups);
        if (outputPadding < 0 || (outputPadding >= stride && outputPadding >= dilation))
        {
            throw Error(kind, $"output padding {outputPadding} must be non-negative and smaller than the stride ({stride}) or the dilation ({dilation})");
        }

        return shape.Select((size, i) => i == 0 ? channels : TransposedOutput(kind, size, kernel, stride, padding, outputPadding, dilation)).ToArray();
    }

    /// <summary>The output of pooling over [channels, …<paramref name="spatial"/> sizes]; the channels are kept.</summary>
    private long[] PoolShape(string kind, int spatial, long kernel, long stride, long padding)
    {
        RequirePositive(kind, kernel, "kernel");
        RequirePositive(kind, stride, "stride");
        RequireRank(kind, spatial + 1, spatial == 1 ? "[channels, length]" : "[channels, height, width]");
        if (padding < 0 || 2 * padding > kernel)
        {
            throw Error(kind, $"padding {padding} must be between 0 and half the kernel ({kernel})");
        }

        return shape.Select((size, i) => i == 0 ? size : ConvOutput(kind, size, kernel, stride, padding, 1)).ToArray();
    }

    private LayerStack Recurrent(string kind, long hidden, long layers, bool bidirectional, string output)
    {
        RequirePositive(kind, hidden, "hidden");
        RequirePositive(kind, layers, "layers");
        RequireRank(kind, 2, "[length, features]");
        if (output is not ("sequence" or "last"))
        {
            throw Error(kind, $"unknown output '{output}' (sequence, last)");
        }

        var states = hidden * (bidirectional ? 2 : 1);
        var outputShape = output == "last" ? new[] { states } : new[] { shape[0], states };
        return Add(new RecurrentLayer(kind, shape[1], hidden, layers, bidirectional, output == "last"), outputShape);
    }

    private void RequireHeads(string kind, long heads)
    {
        RequirePositive(kind, heads, "heads");
        RequireRank(kind, 2, "[length, embedding]");
        if (shape[1] % heads != 0)
        {
            throw Error(kind, $"{heads} heads do not divide the embedding size {shape[1]}");
        }
    }

    private UpsampleMode ParseUpsampleMode(string kind, string mode, int spatial)
    {
        ArgumentNullException.ThrowIfNull(mode);
        var (parsed, wanted) = mode.ToLowerInvariant() switch
        {
            "nearest" => (UpsampleMode.Nearest, spatial),
            "linear" => (UpsampleMode.Linear, 1),
            "bilinear" => (UpsampleMode.Bilinear, 2),
            "bicubic" => (UpsampleMode.Bicubic, 2),
            "trilinear" => (UpsampleMode.Trilinear, 3),
            _ => throw Error(kind, $"unknown mode '{mode}' (nearest, linear, bilinear, bicubic, trilinear)"),
        };
        if (wanted != spatial)
        {
            throw Error(kind, $"mode '{mode}' needs {wanted} spatial dimension(s) but the shape {ShapeText.Format(shape)} has {spatial}");
        }

        return parsed;
    }
}
