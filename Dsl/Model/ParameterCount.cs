using System.Linq;
using VaeDsl.Dsl.Catalog;

namespace VaeDsl.Dsl.Model;

/// <summary>The number of trainable parameters of a model at its .vae defaults, from the checked shapes alone
/// (running statistics of batch norm are buffers, not parameters), as PyTorch counts them. The generator's
/// <c>DefaultParameterCount</c>, <c>vae shapes</c> and the language server all read it.</summary>
public static class ParameterCount
{
    public static long Of(CheckedModel model) =>
        Of(model.Encoder) + Of(model.Decoder, model.Likelihood.DecoderShape.Dims.LastOrDefault())
        + model.Latents.Sum(latent => OfHeads(model, latent))
        + model.Latents.Sum(latent => OfFlow(model, latent))
        + model.Priors.Sum(prior => OfPrior(model, prior))
        + OfLikelihood(model);

    /// <summary>A latent's heads from the encoder's output (and the condition): mean and log-variance for a
    /// Normal latent, logits otherwise; a quantised latent's codebook.</summary>
    public static long OfHeads(CheckedModel model, LatentSpec latent)
    {
        // A quantised latent has no heads: its codebook is K × D parameters, or buffers when moving averages update it.
        if (latent.Family == "VectorQuantized")
        {
            var ema = latent.Arguments.FirstOrDefault(a => a.Name == "ema")?.Word == "true";
            return ema ? 0 : Number(latent.Arguments, "codes", 0) * latent.Size.IntValue;
        }
        var features = latent.Network is { } network
            ? network.OutputShape.Dims.LastOrDefault()
            : model.Encoder.OutputShape.Dims.LastOrDefault() + (model.Condition?.Size ?? 0);
        var size = latent.Size.IntValue;
        var heads = latent.Family == "Normal" ? 2 * (features * size + size) : features * size + size;
        return heads + (latent.Network is { } layers ? Of(layers) : 0);
    }

    /// <summary>A latent's flow (zero without one), as its catalogue entry counts them.</summary>
    public static long OfFlow(CheckedModel model, LatentSpec latent)
    {
        if (latent.Flow is not { } flow || ConstructCatalog.Find(ConstructKind.Flow, flow.Kind) is not { CountFlowParameters: { } count } entry) return 0;
        var context = entry.ContextParameter is { } parameter && flow.Arguments.Any(a => a.Name == parameter && a.Word == "true") ? ContextFeatures(model) : 0;
        return count(new FlowDimensions(latent.Size.IntValue, context, name => Number(flow.Arguments, name, (long)(entry.Parameter(name)?.NumberDefault ?? 0))));
    }

    /// <summary>The features the latents' heads read, and a flow's context: the encoder's output and the condition.</summary>
    public static long ContextFeatures(CheckedModel model) => model.Encoder.OutputShape.Dims.LastOrDefault() + (model.Condition?.Size ?? 0);

    /// <summary>A learned prior's own parameters (zero for a fixed one), as its catalogue entry counts them.</summary>
    public static long OfPrior(CheckedModel model, PriorSpec prior)
    {
        if (prior.Network is { } network)
        {
            // A conditional prior: its network and the mean and log-variance heads on the network's output.
            var latentSize = model.Latents.First(l => l.Name == prior.LatentName).Size.IntValue;
            var features = network.OutputShape.Dims.LastOrDefault();
            return Of(network) + 2 * (features * latentSize + latentSize);
        }
        if (ConstructCatalog.Find(ConstructKind.Prior, prior.Family)?.CountParameters is not { } count) return 0;
        var size = model.Latents.First(l => l.Name == prior.LatentName).Size.IntValue;
        return count(new PriorDimensions(size, model.Input.Shape.ElementCount, name => PriorNumber(prior, name)));
    }

    /// <summary>A learned variance or scale of the likelihood: one, or one per input element.</summary>
    public static long OfLikelihood(CheckedModel model)
    {
        var likelihood = model.Likelihood;
        var entry = ConstructCatalog.Find(ConstructKind.Likelihood, likelihood.Family);
        long count = 0;
        foreach (var learned in likelihood.Arguments.Where(a => a.Word == "learned"))
        {
            var how = entry?.Parameter(learned.Name)?.WhenLearned;
            var perElement = how?.PerElementParameter is { } per && likelihood.Arguments.Any(a => a.Name == per && a.Word == how.PerElementWord);
            count += perElement ? model.Input.Shape.ElementCount : 1;
        }
        return count;
    }

    /// <param name="sequence">The layers.</param>
    /// <param name="vocab">The likelihood's vocabulary, which a decoder's teacher_forcing embeds (0 elsewhere).</param>
    public static long Of(LayerSequence sequence, long vocab = 0) => sequence.Layers.Sum(layer => Of(layer, vocab));

    /// <summary>One layer's parameters; the layer's shapes must be known.</summary>
    public static long Of(LayerSpec layer) => Of(layer, 0);

    /// <summary>One layer's parameters, with the vocabulary teacher_forcing embeds; the layer's shapes must be known.</summary>
    public static long Of(LayerSpec layer, long vocab)
    {
        var input = layer.InputShape.Dims;
        var bias = layer.Arguments.FirstOrDefault(a => a.Name == "bias")?.Word != "false";
        switch (ConstructCatalog.Find(ConstructKind.Layer, layer.Kind)?.Shape?.Rule)
        {
            case LayerShapeRule.Linear:
                var features = Number(layer.Arguments, "features", 0);
                return input[input.Count - 1] * features + (bias ? features : 0);
            case LayerShapeRule.Convolution:
            case LayerShapeRule.TransposedConvolution:
                // in × out / groups weights per kernel position (transposed: the same count, stored the other way round).
                var kernel = Number(layer.Arguments, "kernel", 1);
                var groups = Number(layer.Arguments, "groups", 1);
                var positions = (long)System.Math.Pow(kernel, input.Count - 1);
                var channels = Number(layer.Arguments, "channels", 0);
                return input[0] * channels / groups * positions + (bias ? channels : 0);
            case LayerShapeRule.BatchNorm:
            case LayerShapeRule.GroupNorm:
                return 2 * input[0];
            case LayerShapeRule.Embedding:
                return Number(layer.Arguments, "count", 0) * Number(layer.Arguments, "dim", 0);
            case LayerShapeRule.Residual:
                return layer.Body is { } body ? Of(body, vocab) : 0;
            case LayerShapeRule.TeacherForcing:
                return vocab * Number(layer.Arguments, "dim", 0);
            case LayerShapeRule.LayerNorm:
                return 2 * layer.InputShape.ElementCount;
            case LayerShapeRule.Recurrent:
            {
                // Per layer and direction: gates × (input + hidden + 2 biases) × hidden, the input of a later layer being
                // the states of both directions.
                var gates = layer.Kind == "lstm" ? 4 : 3;
                var hidden = Number(layer.Arguments, "hidden", 0);
                var directions = layer.Arguments.FirstOrDefault(a => a.Name == "bidirectional")?.Word == "true" ? 2 : 1;
                var count = 0L;
                for (var i = 0; i < Number(layer.Arguments, "layers", 1); i++)
                {
                    var inputs = i == 0 ? input[input.Count - 1] : hidden * directions;
                    count += directions * gates * hidden * (inputs + hidden + 2);
                }
                return count;
            }
            case LayerShapeRule.Attention:
            {
                // Query, key, value and output projections with biases; a transformer adds its feed-forward block and two norms.
                var e = input[input.Count - 1];
                var attention = 4 * e * e + 4 * e;
                if (layer.Kind != "transformer") return attention;
                var ff = Number(layer.Arguments, "ff", 0);
                return attention + 2 * e * ff + ff + e + 4 * e;
            }
            case LayerShapeRule.Positional:
                return layer.Arguments.FirstOrDefault(a => a.Name == "encoding")?.Word == "sinusoidal" ? 0 : layer.InputShape.ElementCount;
            default:
                return 0;
        }
    }

    /// <summary>A prior's integer argument; the binder fills in every default, the catalogue's is the fallback.</summary>
    private static long PriorNumber(PriorSpec prior, string name) =>
        Number(prior.Arguments, name, (long)(ConstructCatalog.Find(ConstructKind.Prior, prior.Family)?.Parameter(name)?.NumberDefault ?? 0));

    private static long Number(EquatableArray<Argument> arguments, string name, long fallback) =>
        arguments.FirstOrDefault(a => a.Name == name)?.Number?.IntValue ?? fallback;
}
