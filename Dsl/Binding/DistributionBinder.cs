using System.Collections.Generic;
using System.Linq;
using VaeDsl.Dsl.Diagnostics;
using VaeDsl.Dsl.Model;
using VaeDsl.Dsl.Syntax;

namespace VaeDsl.Dsl.Binding;

/// <summary>Binds the probabilistic parts of a model: condition, latents, priors and likelihood.</summary>
internal sealed class DistributionBinder(DiagnosticBag diagnostics, ArgumentResolver arguments, SourceText source)
{
    public ConditionSpec? BindCondition(ConditionSyntax condition)
    {
        var (name, resolved) = Resolve("condition kind", condition.Kind, Families.Conditions);
        if (resolved is null) return null;
        return new ConditionSpec(condition.Name, name!, resolved.Arguments[0].Number!.IntValue, source.Span(condition.Range));
    }

    public LatentSpec? BindLatent(DistributionSyntax latent)
    {
        var (family, resolved) = Resolve("latent family", latent.Family, Families.Latents);
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
        return new LatentSpec(latent.Name, family!, size, resolved.ToArray(), source.Span(latent.Range));
    }

    public PriorSpec? BindPrior(DistributionSyntax prior, LatentSpec latent)
    {
        var (family, resolved) = Resolve("prior", prior.Family, Families.Priors);
        if (resolved is null) return null;
        var fitting = Families.PriorsFor(latent.Family);
        if (!fitting.Contains(family!))
        {
            diagnostics.Report(DiagnosticDescriptors.PriorMismatch, prior.Family.Range, family!, latent.Family, latent.Name, Families.List(fitting));
            return null;
        }
        return new PriorSpec(latent.Name, family!, resolved.ToArray(), source.Span(prior.Range), Families.KlMethod(latent.Family, family!));
    }

    public static PriorSpec DefaultPrior(LatentSpec latent)
    {
        var family = Families.PriorsFor(latent.Family)[0];
        return new PriorSpec(latent.Name, family, EquatableArray<Argument>.Empty, latent.Span, Families.KlMethod(latent.Family, family));
    }

    /// <summary>Binds the likelihood; <paramref name="decoderShape"/> is the decoder output it needs.</summary>
    public LikelihoodSpec? BindLikelihood(LikelihoodSyntax likelihood, Shape? input, out Shape? decoderShape)
    {
        decoderShape = null;
        var (family, resolved) = Resolve("likelihood", likelihood.Family, Families.Likelihoods);
        if (resolved is null) return null;
        if (family == "Gaussian" && resolved.Word("per") == "element" && resolved["variance"].Word != "learned")
        {
            diagnostics.Report(DiagnosticDescriptors.PerNeedsLearned, resolved.RangeOf("per")!.Value);
            return null;
        }
        if (input is not null)
        {
            decoderShape = family == "Categorical256" ? Shape.Of(new long[] { 256 }.Concat(input.Dims).ToArray()) : input;
        }
        return new LikelihoodSpec(family!, resolved.ToArray(), decoderShape ?? Shape.Of(), source.Span(likelihood.Range));
    }

    private (string? Family, ResolvedArguments? Arguments) Resolve(string what, ExprSyntax syntax, IReadOnlyDictionary<string, IReadOnlyList<ParameterSpec>> table)
    {
        var call = CallShape.From(syntax);
        if (call is null || !table.TryGetValue(call.Name, out var specs))
        {
            var written = call?.Name ?? source.Text.Substring(syntax.Range.Start, syntax.Range.End - syntax.Range.Start);
            diagnostics.Report(DiagnosticDescriptors.UnknownFamily, call?.NameRange ?? syntax.Range, what, written, Families.List(table.Keys));
            return (null, null);
        }
        return (call.Name, arguments.Resolve(call.Name, specs, call.Arguments, call.NameRange, null));
    }
}
