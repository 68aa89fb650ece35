using System.Linq;

namespace VaeDsl.Dsl.Model;

/// <summary>The number of trainable parameters of a model at its .vae defaults, from the checked shapes alone
/// (running statistics of batch norm are buffers, not parameters), as PyTorch counts them. The generator's
/// <c>DefaultParameterCount</c>, <c>vae shapes</c> and the language server all read it.</summary>
public static class ParameterCount
{
    public static long Of(CheckedModel model) =>
        Of(model.Encoder) + Of(model.Decoder)
        + model.Latents.Sum(latent => OfHeads(model, latent))
        + model.Priors.Sum(prior => OfPrior(model, prior))
        + OfLikelihood(model);

    /// <summary>A latent's heads from the encoder's output (and the condition): mean and log-variance for a
    /// Normal latent, logits otherwise.</summary>
    public static long OfHeads(CheckedModel model, LatentSpec latent)
    {
        var features = model.Encoder.OutputShape.Dims.LastOrDefault() + (model.Condition?.Size ?? 0);
        var size = latent.Size.IntValue;
        return latent.Family == "Normal" ? 2 * (features * size + size) : features * size + size;
    }

    /// <summary>A learned prior's own parameters (zero for a fixed one).</summary>
    public static long OfPrior(CheckedModel model, PriorSpec prior)
    {
        var size = model.Latents.First(l => l.Name == prior.LatentName).Size.IntValue;
        return prior.Family switch
        {
            "LearnedNormal" => 2 * size,
            "MixtureOfGaussians" => Number(prior.Arguments, "components", 10) * (2 * size + 1),
            "VampPrior" => Number(prior.Arguments, "pseudo_inputs", 500) * model.Input.Shape.ElementCount,
            _ => 0,
        };
    }

    /// <summary>A learned variance or scale of the likelihood: one, or one per input element.</summary>
    public static long OfLikelihood(CheckedModel model)
    {
        var likelihood = model.Likelihood;
        if (!likelihood.Arguments.Any(a => a.Word == "learned")) return 0;
        return likelihood.Arguments.Any(a => a.Name == "per" && a.Word == "element") ? model.Input.Shape.ElementCount : 1;
    }

    public static long Of(LayerSequence sequence) => sequence.Layers.Sum(Of);

    /// <summary>One layer's parameters; the layer's shapes must be known.</summary>
    public static long Of(LayerSpec layer)
    {
        var input = layer.InputShape.Dims;
        var output = layer.OutputShape.Dims;
        var bias = layer.Arguments.FirstOrDefault(a => a.Name == "bias")?.Word != "false";
        switch (layer.Kind)
        {
            case "linear":
                var features = Number(layer.Arguments, "features", 0);
                return input[input.Count - 1] * features + (bias ? features : 0);
            case "conv1d":
            case "conv2d":
            case "conv_transpose2d":
                var kernel = Number(layer.Arguments, "kernel", 1);
                var groups = Number(layer.Arguments, "groups", 1);
                var spatial = layer.Kind == "conv1d" ? kernel : kernel * kernel;
                var channels = Number(layer.Arguments, "channels", 0);
                return input[0] * channels / groups * spatial + (bias ? channels : 0);
            case "batch_norm":
            case "group_norm":
                return 2 * input[0];
            case "layer_norm":
                return 2 * layer.InputShape.ElementCount;
            case "embedding":
                return Number(layer.Arguments, "count", 0) * Number(layer.Arguments, "dim", 0);
            case "residual":
                return layer.Body is { } body ? Of(body) : 0;
            default:
                return 0;
        }
    }

    private static long Number(EquatableArray<Argument> arguments, string name, long fallback) =>
        arguments.FirstOrDefault(a => a.Name == name)?.Number?.IntValue ?? fallback;
}
