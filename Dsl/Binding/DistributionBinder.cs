using System.Collections.Generic;
using System.Linq;
using VaeDsl.Dsl.Catalog;
using VaeDsl.Dsl.Diagnostics;
using VaeDsl.Dsl.Model;
using VaeDsl.Dsl.Syntax;

namespace VaeDsl.Dsl.Binding;

/// <summary>Binds the probabilistic parts of a model: condition, latents, priors and likelihood.</summary>
internal sealed class DistributionBinder(DiagnosticBag diagnostics, ArgumentResolver arguments, SourceText source)
{
    public ConditionSpec? BindCondition(ConditionSyntax condition)
    {
        var (name, resolved) = Resolve(ConstructKind.Condition, condition.Kind);
        if (resolved is null) return null;
        return new ConditionSpec(condition.Name, name!, resolved.Arguments[0].Number!.IntValue, source.Span(condition.Range));
    }

    public LatentSpec? BindLatent(DistributionSyntax latent)
    {
        var (family, resolved) = Resolve(ConstructKind.LatentFamily, latent.Family);
        if (resolved is null) return null;
        var first = resolved.Arguments[0].Number!;
        var size = first;
        if (family == "Categorical")
        {
            var groups = resolved.Number("groups");
            // Size is categories × groups; written as the plain count when there is one group.
            if (!(groups is LiteralExpr { Value: 1 }))
            {
                size = arguments.Expressions.Product(first, groups, latent.Family.Range);
                if (size is null) return null;
            }
        }
        if (family == QuantizedLatent.Family)
        {
            // The latent's size is the code dimension; the codebook settings must be those that apply.
            if (!QuantizedLatent.CheckSettings(resolved, diagnostics)) return null;
            size = resolved.Number("dim");
        }
        var flow = latent.Flow is null ? null : BindFlow(latent, family!);
        if (latent.Flow is not null && flow is null) return null;
        return new LatentSpec(latent.Name, family!, size, resolved.ToArray(), source.Span(latent.Range), flow);
    }

    /// <summary>The flow after a latent's family, which must be one the flow transforms.</summary>
    private FlowSpec? BindFlow(DistributionSyntax latent, string family)
    {
        var (kind, resolved) = Resolve(ConstructKind.Flow, latent.Flow!);
        if (resolved is null) return null;
        var construct = ConstructCatalog.Find(ConstructKind.Flow, kind!)!;
        if (!construct.Fits.Contains(family))
        {
            diagnostics.Report(DiagnosticDescriptors.FlowNeedsNormal, TextRange.Cover(latent.FlowKeywordRange, latent.Flow!.Range), kind!, WordList.Or(construct.Fits), latent.Name, family);
            return null;
        }
        return new FlowSpec(kind!, resolved.ToArray(), source.Span(TextRange.Cover(latent.FlowKeywordRange, latent.Flow!.Range)));
    }

    public PriorSpec? BindPrior(DistributionSyntax prior, LatentSpec latent)
    {
        var (family, resolved) = Resolve(ConstructKind.Prior, prior.Family);
        if (resolved is null) return null;
        var fitting = ConstructCatalog.PriorsFor(latent.Family);
        var construct = fitting.FirstOrDefault(p => p.Name == family);
        if (construct is null)
        {
            diagnostics.Report(DiagnosticDescriptors.PriorMismatch, prior.Family.Range, family!, latent.Family, latent.Name, WordList.Or(fitting.Select(p => p.Name)));
            return null;
        }
        return new PriorSpec(latent.Name, family!, resolved.ToArray(), source.Span(prior.Range), KlMethod(construct));
    }

    public static PriorSpec DefaultPrior(LatentSpec latent)
    {
        var prior = ConstructCatalog.PriorsFor(latent.Family)[0];
        return new PriorSpec(latent.Name, prior.Name, ArgumentResolver.Defaults(prior.Parameters), latent.Span, KlMethod(prior));
    }

    /// <summary>The inference mode of <c>inference top_down</c>, a catalogue word; null after an error.</summary>
    public string? BindInference(InferenceSyntax inference)
    {
        var (mode, resolved) = Resolve(ConstructKind.Inference, inference.Mode);
        return resolved is null ? null : mode;
    }

    /// <summary>"analytic" where KL(q‖p) to the prior has a closed form, else "monte_carlo".</summary>
    private static string KlMethod(Construct prior) => prior.ClosedFormKl ? "analytic" : "monte_carlo";

    /// <summary>Binds the likelihood; <paramref name="decoderShape"/> is the decoder output it needs.</summary>
    public LikelihoodSpec? BindLikelihood(LikelihoodSyntax likelihood, Shape? input, out Shape? decoderShape)
    {
        decoderShape = null;
        var (family, resolved) = Resolve(ConstructKind.Likelihood, likelihood.Family);
        if (resolved is null) return null;
        var construct = ConstructCatalog.Find(ConstructKind.Likelihood, family!)!;
        // A choice that shapes a learned parameter (Gaussian's per: element) means nothing while it is fixed.
        foreach (var parameter in construct.Parameters)
        {
            if (parameter.WhenLearned is { PerElementParameter: { } per, PerElementWord: { } word }
                && resolved.Word(per) == word && resolved[parameter.Name].Word != "learned")
            {
                diagnostics.Report(DiagnosticDescriptors.PerNeedsLearned, resolved.RangeOf(per)!.Value);
                return null;
            }
        }
        if (input is not null)
        {
            decoderShape = construct.Output?.Levels is { } levels ? Shape.Of(new[] { levels }.Concat(input.Dims).ToArray()) : input;
            if (construct.Output?.TrailingFrom is { } trailing) decoderShape = Shape.Of(input.Dims.Append(resolved.Number(trailing).IntValue).ToArray());
        }
        return new LikelihoodSpec(family!, resolved.ToArray(), decoderShape ?? Shape.Of(), source.Span(likelihood.Range));
    }

    private (string? Family, ResolvedArguments? Arguments) Resolve(ConstructKind kind, ExprSyntax syntax)
    {
        var call = CallShape.From(syntax);
        var construct = call is null ? null : ConstructCatalog.Find(kind, call.Name);
        if (call is null || construct is null)
        {
            var written = call?.Name ?? source.Text.Substring(syntax.Range.Start, syntax.Range.End - syntax.Range.Start);
            diagnostics.Report(DiagnosticDescriptors.UnknownFamily, call?.NameRange ?? syntax.Range, ConstructCatalog.Describe(kind), written,
                WordList.Or(ConstructCatalog.OfKind(kind).Select(c => c.Name)));
            return (null, null);
        }
        return (call.Name, arguments.Resolve(call.Name, construct.Parameters, call.Arguments, call.NameRange, null));
    }
}
