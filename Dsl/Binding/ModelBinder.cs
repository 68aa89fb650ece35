using System.Collections.Generic;
using System.Linq;
using System.Threading;
using VaeDsl.Dsl.Catalog;
using VaeDsl.Dsl.Diagnostics;
using VaeDsl.Dsl.Model;
using VaeDsl.Dsl.Syntax;

namespace VaeDsl.Dsl.Binding;

/// <summary>Binds one model: names, sections, hyper-parameters, layers with shapes, distributions, loss and
/// training. Returns the checked model only when no error was found in it.</summary>
internal sealed class ModelBinder
{
    private readonly SourceText source;
    private readonly DiagnosticBag diagnostics;
    private readonly IReadOnlyDictionary<string, BlockSyntax> fileBlocks;
    private readonly CancellationToken cancellationToken;
    private readonly ICollection<LayerUse>? layerUses;

    public ModelBinder(SourceText source, DiagnosticBag diagnostics, IReadOnlyDictionary<string, BlockSyntax> fileBlocks, CancellationToken cancellationToken,
        ICollection<LayerUse>? layerUses = null)
    {
        this.layerUses = layerUses;
        this.source = source;
        this.diagnostics = diagnostics;
        this.fileBlocks = fileBlocks;
        this.cancellationToken = cancellationToken;
    }

    /// <summary>File-level blocks used by any model bound so far.</summary>
    public HashSet<string> UsedFileBlocks { get; } = new();

    public CheckedModel? Bind(ModelSyntax model)
    {
        var errors = diagnostics.ErrorCount;
        CheckName(model.Name, model.NameRange, "model", isTypeName: true);
        var expressions = new ExprBinder(diagnostics);
        var resolver = new ArgumentResolver(diagnostics, expressions, source);
        var distributions = new DistributionBinder(diagnostics, resolver, source);

        var input = Single<InputSyntax>(model, "input");
        var condition = Single<ConditionSyntax>(model, "condition");
        var encoder = Single<SectionSyntax>(model, "encoder", s => s.Kind == "encoder");
        var decoder = Single<SectionSyntax>(model, "decoder", s => s.Kind == "decoder");
        var likelihood = Single<LikelihoodSyntax>(model, "likelihood");
        var loss = Single<LossSyntax>(model, "loss");
        var train = Single<TrainSyntax>(model, "train");
        var inferenceSyntax = Single<InferenceSyntax>(model, "inference");
        var latentSyntax = model.Members.OfType<DistributionSyntax>().Where(d => d.Keyword == "latent").ToList();
        foreach (var (section, present) in new[] { ("input", input is not null), ("encoder", encoder is not null), ("latent", latentSyntax.Count > 0), ("decoder", decoder is not null), ("likelihood", likelihood is not null), ("loss", loss is not null) })
        {
            if (!present && !model.FailedMembers.Contains(section) && !model.FailedMembers.Contains(SyntaxParser.TruncatedMarker)) diagnostics.Report(DiagnosticDescriptors.MissingSection, model.NameRange, model.Name, section);
        }

        var hypers = BindHypers(model, expressions);
        var blocks = CollectBlocks(model);
        var layers = new LayerBinder(diagnostics, expressions, resolver, source, blocks, cancellationToken, layerUses, model.Name);

        var inputShape = input is null ? null : BindInput(input, expressions);
        var conditionSpec = condition is null ? null : BindCondition(condition, distributions);

        Shape? encoderOutput = null;
        var encoderSequence = encoder is null ? null : layers.Bind("encoder", encoder.Layers, inputShape, out encoderOutput);
        // A quantised latent reads the encoder's output at each position; the heads of the others need it flat.
        var quantizedSyntax = latentSyntax.FirstOrDefault(QuantizedLatent.IsQuantized);
        QuantizedLatent.CheckAlone(latentSyntax, condition, diagnostics);
        if (encoder is not null && encoderOutput is not null && encoderOutput.Rank != 1 && quantizedSyntax is null)
        {
            diagnostics.Report(DiagnosticDescriptors.LatentNeedsFlat, LastLayerRange(encoderSequence!, encoder), encoderOutput);
        }

        var inference = inferenceSyntax is null ? "bottom_up" : distributions.BindInference(inferenceSyntax);
        var hierarchy = new HierarchyBinder(diagnostics, layers);
        var latents = new List<LatentSpec>();
        var latentsComplete = true;
        // Sets, not searches: a model may have many latents, and each is checked against the others.
        var latentNames = new HashSet<string>(latentSyntax.Select(l => l.Name));
        var boundNames = new HashSet<string>();
        foreach (var latent in latentSyntax)
        {
            if (CheckName(latent.Name, latent.NameRange, "latent", isTypeName: false)
                && Identifiers.WhyUnsafeLatent(latent.Name, latentNames, model.Name) is { } clash)
            {
                diagnostics.Report(DiagnosticDescriptors.UnsafeIdentifier, latent.NameRange, latent.Name, "latent", clash);
            }
            if (!boundNames.Add(latent.Name) || latent.Name == input?.Name || latent.Name == condition?.Name)
            {
                diagnostics.Report(DiagnosticDescriptors.DuplicateName, latent.NameRange, "name", latent.Name);
                continue;
            }
            var spec = distributions.BindLatent(latent);
            if (spec is null) latentsComplete = false; else latents.Add(spec);
        }
        var hierarchical = latentSyntax.Any(l => l.Link is not null) || model.Members.OfType<DistributionSyntax>().Any(d => d.Keyword == "prior" && d.Link is not null);
        if (hierarchical && inference is not null && !hierarchy.BindLatentLinks(latentSyntax, latents, encoderOutput, inference)) latentsComplete = false;
        var beforePriors = diagnostics.ErrorCount;
        var priors = BindPriors(model, latents, latentSyntax, distributions, hierarchy, inference ?? "bottom_up");
        // A flowed posterior's KL has no closed form whatever the prior: log q(z_K|x) − log p(z_K) at the flow's sample.
        var flowed = new HashSet<string>(latents.Where(l => l.Flow is not null).Select(l => l.Name));
        priors = priors.Select(p => flowed.Contains(p.LatentName) ? p with { KlMethod = "monte_carlo" } : p).ToList();
        var priorSyntax = new Dictionary<string, DistributionSyntax>();
        foreach (var prior in model.Members.OfType<DistributionSyntax>().Where(d => d.Keyword == "prior").Reverse()) priorSyntax[prior.Name] = prior;
        if (inferenceSyntax is not null && inference is not null && !hierarchical)
        {
            diagnostics.Report(DiagnosticDescriptors.InferenceWithoutHierarchy, inferenceSyntax.Mode.Range, inference, model.Name);
        }
        if (hierarchical && latentsComplete && diagnostics.ErrorCount == beforePriors)
        {
            hierarchy.CheckMirrored(latentSyntax, latents, priors, priorSyntax);
        }
        foreach (var vamp in priors.Where(p => p.Family == "VampPrior" && condition is not null))
        {
            var written = priorSyntax[vamp.LatentName];
            diagnostics.Report(DiagnosticDescriptors.VampPriorWithCondition, written.Family.Range, vamp.LatentName, condition!.Name);
        }

        Shape? decoderInput = null;
        var quantized = latents.FirstOrDefault(QuantizedLatent.IsQuantized);
        if (quantized is not null)
        {
            // The decoder reads the quantised encoder output in the encoder's output shape.
            if (encoderOutput is not null && QuantizedLatent.CheckEncoderOutput(quantized, encoderOutput, LastLayerRange(encoderSequence!, encoder!), diagnostics))
            {
                decoderInput = encoderOutput;
            }
        }
        else if (latentsComplete && latents.Count > 0 && (condition is null || conditionSpec is not null))
        {
            // The generated code adds the sizes as ints: their sum must fit too.
            // In a hierarchy the decoder reads the bottom latents, those inferred from the encoder: p(x|z1).
            decoderInput = new ShapeInference(diagnostics).CheckSize("the decoder's input (the latents and the condition)",
                Shape.Of(latents.Where(l => l.From is null).Sum(l => l.Size.IntValue) + (conditionSpec?.Size ?? 0)), latentSyntax[latentSyntax.Count - 1].Range);
        }
        // The likelihood first: a decoder that reads the input tokens (teacher_forcing) takes their vocabulary from it.
        Shape? needed = null;
        var likelihoodSpec = likelihood is null ? null : distributions.BindLikelihood(likelihood, inputShape, out needed);
        layers.Tokens = inputShape is { Rank: 1 } && likelihoodSpec?.Family == "TokenCategorical" && needed is not null
            ? (inputShape.Dims[0], needed.Dims[needed.Rank - 1])
            : null;
        layers.TokenSources = (inputShape?.ToString() ?? "unknown", likelihoodSpec?.Family ?? "unknown");
        layers.QuantizedLatent = quantizedSyntax?.Name;
        Shape? decoderOutput = null;
        var decoderSequence = decoder is null ? null : layers.Bind("decoder", decoder.Layers, decoderInput, out decoderOutput);
        if (decoder is not null && decoderOutput is not null && needed is not null && !decoderOutput.Equals(needed))
        {
            diagnostics.Report(DiagnosticDescriptors.DecoderMismatch, LastLayerRange(decoderSequence!, decoder), decoderOutput, likelihoodSpec!.Family, needed);
        }

        LossSpec? lossSpec = null;
        if (loss is not null && latents.Count == latentSyntax.Count)
        {
            var lossBinder = new LossBinder(diagnostics, expressions, resolver, source);
            lossSpec = lossBinder.Bind(loss, latents, priors);
            if (lossBinder.ForcedMonteCarlo) priors = priors.Select(p => p with { KlMethod = "monte_carlo" }).ToList();
        }
        if (hierarchical) hierarchy.CheckCombinations(condition, latentSyntax, latents, priors, priorSyntax, lossSpec);
        var trainSpec = new TrainBinder(diagnostics, resolver, source).Bind(train, model.NameRange);

        UsedFileBlocks.UnionWith(layers.UsedBlocks.Where(fileBlocks.ContainsKey));
        // Unused-block warnings only for an otherwise clean model: after an error, expansion may have stopped early.
        foreach (var block in model.Members.OfType<BlockSyntax>().Where(b => !layers.UsedBlocks.Contains(b.Name) && model.FailedMembers.Count == 0 && diagnostics.ErrorCount == errors))
        {
            diagnostics.Report(DiagnosticDescriptors.UnusedBlock, block.NameRange, block.Name);
        }
        // In a model with errors, a call that failed to bind never bound its arguments: a name written in them is used.
        var unused = hypers.Where(h => !expressions.UsedHypers.Contains(h.Name) && model.FailedMembers.Count == 0).ToList();
        if (unused.Count > 0 && diagnostics.ErrorCount != errors)
        {
            var mentioned = MentionedNames.In(model, fileBlocks.Values);
            unused.RemoveAll(h => mentioned.Contains(h.Name));
        }
        foreach (var hyper in unused)
        {
            var range = new TextRange(hyper.Span.Start, hyper.Span.Start + hyper.Name.Length);
            diagnostics.Report(DiagnosticDescriptors.UnusedHyper, range, hyper.Name);
        }

        if (diagnostics.ErrorCount != errors || model.FailedMembers.Count > 0) return null;
        return new CheckedModel(
            model.Name,
            model.Documentation,
            source.Span(model.Range),
            new InputSpec(input!.Name, inputShape!, source.Span(input.Range)),
            conditionSpec,
            hypers.ToEquatableArray(),
            encoderSequence!,
            latents.ToEquatableArray(),
            priors.ToEquatableArray(),
            decoderSequence!,
            likelihoodSpec!,
            lossSpec!,
            trainSpec!,
            source.Span(model.NameRange),
            inference!);
    }

    private T? Single<T>(ModelSyntax model, string label, System.Func<T, bool>? filter = null)
        where T : MemberSyntax
    {
        var found = model.Members.OfType<T>().Where(m => filter is null || filter(m)).ToList();
        foreach (var extra in found.Skip(1))
        {
            diagnostics.Report(DiagnosticDescriptors.DuplicateSection, extra.KeywordRange, model.Name, label);
        }
        return found.FirstOrDefault();
    }

    private List<HyperParameter> BindHypers(ModelSyntax model, ExprBinder expressions)
    {
        var hypers = new List<HyperParameter>();
        var properties = new HashSet<string>();
        foreach (var name in model.PartialHyperNames) expressions.DefineFailedHyper(name);
        foreach (var definition in model.Members.OfType<HyperSyntax>().SelectMany(h => h.Definitions))
        {
            if (ConstructCatalog.Find(ConstructKind.LossTerm, definition.Name) is not null)
            {
                diagnostics.Report(DiagnosticDescriptors.UnsafeIdentifier, definition.NameRange, definition.Name, "hyper-parameter", "it is a loss term");
                continue;
            }
            // A rejected name is still defined, so its uses do not turn into "unknown name" errors.
            if (CheckName(definition.Name, definition.NameRange, "hyper-parameter", isTypeName: false)
                && ConstructCatalog.FindReservedOptionProperty(Identifiers.ToPascalCase(definition.Name)) is { } reserved)
            {
                diagnostics.Report(DiagnosticDescriptors.UnsafeIdentifier, definition.NameRange, definition.Name, "hyper-parameter",
                    $"its property {reserved.Property} would clash with {model.Name}Options.{reserved.Property}, {reserved.Meaning}; rename the hyper-parameter");
            }
            else if (Identifiers.ToPascalCase(definition.Name) == model.Name + "Options")
            {
                diagnostics.Report(DiagnosticDescriptors.UnsafeIdentifier, definition.NameRange, definition.Name, "hyper-parameter",
                    $"its property name {model.Name}Options is the name of the generated options record");
            }
            if (!properties.Add(Identifiers.ToPascalCase(definition.Name)))
            {
                diagnostics.Report(DiagnosticDescriptors.DuplicateName, definition.NameRange, "hyper-parameter", definition.Name);
                continue;
            }
            var value = expressions.Bind(definition.Value, null);
            if (value is null)
            {
                expressions.DefineFailedHyper(definition.Name);
                continue;
            }
            var hyper = new HyperParameter(definition.Name, value, definition.Documentation, source.Span(definition.Range));
            expressions.DefineHyper(hyper);
            hypers.Add(hyper);
        }
        return hypers;
    }

    /// <summary>The blocks a model's layers may use: its own, then the file's (looked up in place, not copied for
    /// every model of a file with many blocks).</summary>
    private IReadOnlyDictionary<string, BlockSyntax> CollectBlocks(ModelSyntax model)
    {
        var own = new Dictionary<string, BlockSyntax>();
        foreach (var block in model.Members.OfType<BlockSyntax>())
        {
            if (!CheckBlockName(block, diagnostics)) continue;
            if (own.ContainsKey(block.Name) || fileBlocks.ContainsKey(block.Name))
            {
                diagnostics.Report(DiagnosticDescriptors.DuplicateName, block.NameRange, "block", block.Name);
                continue;
            }
            own[block.Name] = block;
        }
        return own.Count == 0 ? fileBlocks : new BlockScope<BlockSyntax>(own, fileBlocks);
    }

    /// <summary>Block names must not hide a built-in layer or a keyword of layer lists.</summary>
    public static bool CheckBlockName(BlockSyntax block, DiagnosticBag diagnostics)
    {
        if (ConstructCatalog.Find(ConstructKind.Layer, block.Name) is not null || block.Name == "repeat")
        {
            diagnostics.Report(DiagnosticDescriptors.UnsafeIdentifier, block.NameRange, block.Name, "block", "it is a built-in layer");
            return false;
        }
        var duplicates = block.Parameters.GroupBy(p => p.Name).Where(g => g.Count() > 1).Select(g => g.Skip(1).First());
        foreach (var parameter in duplicates)
        {
            diagnostics.Report(DiagnosticDescriptors.DuplicateName, parameter.NameRange, "parameter", parameter.Name);
            return false;
        }
        return true;
    }

    private Shape? BindInput(InputSyntax input, ExprBinder expressions)
    {
        CheckName(input.Name, input.NameRange, "input", isTypeName: false);
        var dims = new List<long>();
        foreach (var dimension in input.Dimensions)
        {
            var value = expressions.Bind(dimension, null);
            if (value is null) return null;
            var written = source.Text.Substring(dimension.Range.Start, dimension.Range.End - dimension.Range.Start);
            if (value.Kind != NumberKind.Int)
            {
                diagnostics.Report(DiagnosticDescriptors.ArgumentType, dimension.Range, "size", "input " + input.Name, "an integer", expressions.Describe(dimension, value, written, integerExpected: true));
                return null;
            }
            dims.Add(value.IntValue);
        }
        var shape = Shape.Of(dims.ToArray());
        if ((shape.Rank != 1 && shape.Rank != 3) || dims.Any(d => d <= 0))
        {
            // At the first size that is not positive, else at the sizes: that is what to change.
            var nonPositive = dims.FindIndex(d => d <= 0);
            var at = nonPositive >= 0 ? input.Dimensions[nonPositive].Range
                : input.Dimensions.Count > 0 ? TextRange.Cover(input.Dimensions[0].Range, input.Dimensions[input.Dimensions.Count - 1].Range)
                : input.Range;
            diagnostics.Report(DiagnosticDescriptors.InvalidInputShape, at, "input " + input.Name, shape);
            return null;
        }
        return new ShapeInference(diagnostics).CheckSize("input " + input.Name, shape, input.Range);
    }

    private ConditionSpec? BindCondition(ConditionSyntax condition, DistributionBinder distributions)
    {
        CheckName(condition.Name, condition.NameRange, "condition", isTypeName: false);
        return distributions.BindCondition(condition);
    }

    private List<PriorSpec> BindPriors(ModelSyntax model, List<LatentSpec> latents, List<DistributionSyntax> latentSyntax, DistributionBinder distributions,
        HierarchyBinder hierarchy, string inference)
    {
        var written = new Dictionary<string, PriorSpec>();
        var seen = new HashSet<string>();
        var bound = new Dictionary<string, LatentSpec>();
        foreach (var latent in latents) bound[latent.Name] = latent;
        var declared = new HashSet<string>(latentSyntax.Select(l => l.Name));
        foreach (var prior in model.Members.OfType<DistributionSyntax>().Where(d => d.Keyword == "prior"))
        {
            if (!seen.Add(prior.Name))
            {
                diagnostics.Report(DiagnosticDescriptors.DuplicateName, prior.NameRange, "prior", prior.Name);
                continue;
            }
            if (!bound.TryGetValue(prior.Name, out var latent))
            {
                // A latent that failed to bind was already reported; only a missing one is news.
                if (!declared.Contains(prior.Name)) diagnostics.Report(DiagnosticDescriptors.PriorForUnknownLatent, prior.NameRange, prior.Name);
                continue;
            }
            var spec = distributions.BindPrior(prior, latent);
            if (spec is not null) spec = hierarchy.BindPriorLink(prior, spec, latents, declared, inference);
            if (spec is not null) written[prior.Name] = spec;
        }
        return latents.Select(l => written.TryGetValue(l.Name, out var p) ? p : DistributionBinder.DefaultPrior(l)).ToList();
    }

    private bool CheckName(string name, TextRange range, string kind, bool isTypeName)
    {
        var reason = Identifiers.WhyUnsafe(name, isTypeName);
        if (reason is null) return true;
        diagnostics.Report(DiagnosticDescriptors.UnsafeIdentifier, range, name, kind, reason);
        return false;
    }

    private static TextRange LastLayerRange(LayerSequence sequence, SectionSyntax section)
    {
        if (sequence.Layers.Count == 0) return section.KeywordRange;
        var span = sequence.Layers[sequence.Layers.Count - 1].Span;
        return new TextRange(span.Start, span.End);
    }
}
