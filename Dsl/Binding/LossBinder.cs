using System.Collections.Generic;
using System.Linq;
using VaeDsl.Dsl.Catalog;
using VaeDsl.Dsl.Diagnostics;
using VaeDsl.Dsl.Model;
using VaeDsl.Dsl.Syntax;

namespace VaeDsl.Dsl.Binding;

/// <summary>Binds <c>loss = w1 * term1 + term2 …  schedule(term, …) …</c>: splits the sum into terms with weights,
/// resolves term arguments and schedules, and checks the combinations against the model's latents.</summary>
internal sealed class LossBinder
{
    private readonly DiagnosticBag diagnostics;
    private readonly ExprBinder expressions;
    private readonly ArgumentResolver arguments;
    private readonly SourceText source;

    public LossBinder(DiagnosticBag diagnostics, ExprBinder expressions, ArgumentResolver arguments, SourceText source)
    {
        this.diagnostics = diagnostics;
        this.expressions = expressions;
        this.arguments = arguments;
        this.source = source;
    }

    /// <summary>Set when <c>kl(method: monte_carlo)</c> forces sampling for every latent.</summary>
    public bool ForcedMonteCarlo { get; private set; }

    public LossSpec? Bind(LossSyntax loss, IReadOnlyList<LatentSpec> latents, IReadOnlyList<PriorSpec> priors)
    {
        var errors = diagnostics.ErrorCount;
        var parts = new List<(string Name, ExprSyntax Syntax, Expr Weight, ResolvedArguments Arguments, TextRange Range)>();
        foreach (var summand in Summands(loss.Sum))
        {
            var part = BindSummand(summand);
            if (part is null) continue;
            if (parts.Any(p => p.Name == part.Value.Name))
            {
                diagnostics.Report(DiagnosticDescriptors.DuplicateTerm, part.Value.Syntax.Range, part.Value.Name);
                continue;
            }
            parts.Add(part.Value);
        }

        var names = parts.Select(p => p.Name).ToList();
        if (names.Contains("iwae"))
        {
            var others = names.Where(n => n is "recon" or "kl").ToList();
            if (others.Count > 0)
            {
                diagnostics.Report(DiagnosticDescriptors.IwaeCombined, parts.First(p => p.Name == "iwae").Range, string.Join(" and ", others));
            }
        }
        else if (errors == diagnostics.ErrorCount && !names.Contains("recon"))
        {
            diagnostics.Report(DiagnosticDescriptors.NoReconstruction, loss.KeywordRange);
        }
        QuantizedLatent.CheckTerms(parts.Select(p => (p.Name, p.Syntax.Range)).ToList(), latents, loss.KeywordRange, diagnostics);
        foreach (var part in parts.Where(p => p.Name is "tc" or "iwae"))
        {
            // A quantised latent was reported by its own check, which names the term that applies.
            var other = latents.FirstOrDefault(l => l.Family != "Normal" && !QuantizedLatent.IsQuantized(l));
            if (other is not null) diagnostics.Report(DiagnosticDescriptors.TermNeedsNormal, part.Syntax.Range, part.Name, other.Name, other.Family);
        }
        // The minibatch-weighted total correlation evaluates q(z_i|x_j) across the batch; a flow gives q only at its own samples.
        foreach (var part in parts.Where(p => p.Name == "tc"))
        {
            var flowed = latents.FirstOrDefault(l => l.Flow is not null);
            if (flowed is not null) diagnostics.Report(DiagnosticDescriptors.TermWithFlow, part.Syntax.Range, part.Name, flowed.Flow!.Kind, flowed.Name);
        }

        // KL: the checker picks analytic where a closed form exists; an explicit claim must be true.
        var methods = new Dictionary<string, string>();
        foreach (var part in parts.Where(p => p.Name == "kl"))
        {
            var requested = part.Arguments.Word("method");
            var method = requested == "monte_carlo" || priors.Any(p => p.KlMethod == "monte_carlo") ? "monte_carlo" : "analytic";
            if (requested == "analytic")
            {
                var byName = latents.ToDictionary(l => l.Name);
                foreach (var prior in priors.Where(p => p.KlMethod == "monte_carlo"))
                {
                    var latent = byName[prior.LatentName];
                    if (latent.Flow is { } flow) diagnostics.Report(DiagnosticDescriptors.FlowKlNotAnalytic, part.Arguments.RangeOf("method")!.Value, latent.Name, flow.Kind);
                    else diagnostics.Report(DiagnosticDescriptors.NoAnalyticKl, part.Arguments.RangeOf("method")!.Value, latent.Name, latent.Family, prior.Family);
                }
            }
            ForcedMonteCarlo = requested == "monte_carlo";
            methods["kl"] = method;
        }

        var schedules = BindSchedules(loss.Schedules, names);
        if (diagnostics.ErrorCount != errors) return null;
        var terms = parts.Select(p => new LossTerm(
            p.Name,
            Identifiers.ToPascalCase(p.Name),
            p.Weight,
            schedules.Where(s => s.Term == p.Name).Select(s => s.Spec).ToEquatableArray(),
            p.Name == "kl"
                ? p.Arguments.Arguments.Select(a => a.Name == "method" ? a with { Word = methods["kl"] } : a).ToEquatableArray()
                : p.Arguments.ToArray(),
            methods.TryGetValue(p.Name, out var m) ? m : "",
            source.Span(p.Range)));
        return new LossSpec(terms.ToEquatableArray(), source.Span(loss.Range));
    }

    /// <summary>The parts joined by '+' at the top of the expression, left to right.</summary>
    private static List<ExprSyntax> Summands(ExprSyntax sum)
    {
        var parts = new List<ExprSyntax>();
        var node = sum;
        while (node is BinarySyntax { Operator: '+' } plus)
        {
            parts.Add(plus.Right);
            node = plus.Left;
        }
        parts.Add(node);
        parts.Reverse();
        return parts;
    }

    private (string Name, ExprSyntax Syntax, Expr Weight, ResolvedArguments Arguments, TextRange Range)? BindSummand(ExprSyntax summand)
    {
        var factors = new List<ExprSyntax>();
        var node = summand;
        while (node is BinarySyntax { Operator: '*' } times)
        {
            factors.Add(times.Right);
            node = times.Left;
        }
        factors.Add(node);
        factors.Reverse();
        var written = source.Text.Substring(summand.Range.Start, summand.Range.End - summand.Range.Start);
        var terms = factors.Where(IsTerm).ToList();
        var weights = factors.Where(f => !IsTerm(f)).ToList();
        if (weights.Any(ContainsTerm))
        {
            diagnostics.Report(DiagnosticDescriptors.BadLossPart, summand.Range, written, "uses a term inside arithmetic other than '*' and '+'");
            return null;
        }
        if (terms.Count == 0)
        {
            diagnostics.Report(DiagnosticDescriptors.BadLossPart, summand.Range, written, "contains no term (" + WordList.Or(ConstructCatalog.OfKind(ConstructKind.LossTerm).Select(c => c.Name)) + ")");
            return null;
        }
        if (terms.Count > 1)
        {
            diagnostics.Report(DiagnosticDescriptors.BadLossPart, summand.Range, written, "multiplies two terms");
            return null;
        }
        var term = CallShape.From(terms[0])!;
        var resolved = arguments.Resolve(term.Name, Term(term.Name)!.Parameters, term.Arguments, term.NameRange, null);
        Expr? weight = null;
        foreach (var factor in weights)
        {
            var value = expressions.Bind(factor, null);
            if (value is null) return null;
            weight = weight is null ? value : expressions.Product(weight, value, summand.Range);
            if (weight is null) return null;
        }
        weight ??= new LiteralExpr(1.0, NumberKind.Float);
        if (weight.Value < 0)
        {
            diagnostics.Report(DiagnosticDescriptors.ArgumentRange, summand.Range, "weight", term.Name, "at least 0", NumberFormat.Of(weight.Value));
            return null;
        }
        return resolved is null ? null : (term.Name, terms[0], weight, resolved, summand.Range);
    }

    private static Construct? Term(string name) => ConstructCatalog.Find(ConstructKind.LossTerm, name);

    private static bool IsTerm(ExprSyntax syntax) =>
        (syntax is NameSyntax name && Term(name.Name) is not null) || (syntax is CallSyntax call && Term(call.Name) is not null);

    private static bool ContainsTerm(ExprSyntax syntax) => syntax switch
    {
        BinarySyntax binary => ContainsTerm(binary.Left) || ContainsTerm(binary.Right),
        NegateSyntax negate => ContainsTerm(negate.Operand),
        _ => IsTerm(syntax),
    };

    private List<(string Term, ScheduleSpec Spec)> BindSchedules(IReadOnlyList<CallSyntax> calls, List<string> termNames)
    {
        var result = new List<(string Term, ScheduleSpec Spec, TextRange Range)>();
        foreach (var call in calls)
        {
            var schedule = ConstructCatalog.Find(ConstructKind.WeightSchedule, call.Name);
            if (schedule is null)
            {
                diagnostics.Report(DiagnosticDescriptors.UnknownFamily, call.NameRange, ConstructCatalog.Describe(ConstructKind.WeightSchedule), call.Name,
                    WordList.Or(ConstructCatalog.OfKind(ConstructKind.WeightSchedule).Select(c => c.Name)));
                continue;
            }
            var target = call.Arguments.FirstOrDefault(a => a.Name == "term") ?? call.Arguments.FirstOrDefault(a => a.Name is null);
            if (target is null)
            {
                diagnostics.Report(DiagnosticDescriptors.MissingArgument, call.NameRange, call.Name, "term");
                continue;
            }
            var rest = call.Arguments.Where(a => !ReferenceEquals(a, target)).ToList();
            var resolved = arguments.Resolve(call.Name, schedule.Parameters, rest, call.NameRange, null);
            var term = target.Value is NameSyntax name ? name.Name : source.Text.Substring(target.Value.Range.Start, target.Value.Range.End - target.Value.Range.Start);
            if (!termNames.Contains(term))
            {
                diagnostics.Report(DiagnosticDescriptors.ScheduleTermMissing, target.Value.Range, call.Name, term);
                continue;
            }
            if (schedule.Fits.Count > 0 && !schedule.Fits.Contains(term))
            {
                diagnostics.Report(DiagnosticDescriptors.ScheduleOnlyForKl, target.Value.Range, call.Name, term);
                continue;
            }
            var previous = result.Where(r => r.Term == term).Select(r => r.Spec.Kind).ToList();
            if (previous.Contains(call.Name))
            {
                diagnostics.Report(DiagnosticDescriptors.DuplicateName, call.NameRange, "schedule", call.Name + "(" + term + ")");
                continue;
            }
            var conflict = previous.FirstOrDefault(p => schedule.Excludes.Contains(p));
            if (conflict is not null)
            {
                diagnostics.Report(DiagnosticDescriptors.ConflictingSchedules, call.NameRange, term, conflict, call.Name);
                continue;
            }
            if (resolved is null) continue;
            result.Add((term, new ScheduleSpec(call.Name, resolved.ToArray(), source.Span(call.Range)), call.Range));
        }
        return result.Select(r => (r.Term, r.Spec)).ToList();
    }
}
