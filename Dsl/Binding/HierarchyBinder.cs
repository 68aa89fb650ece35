using System.Collections.Generic;
using System.Linq;
using VaeDsl.Dsl.Catalog;
using VaeDsl.Dsl.Diagnostics;
using VaeDsl.Dsl.Model;
using VaeDsl.Dsl.Syntax;

namespace VaeDsl.Dsl.Binding;

/// <summary>Binds a hierarchy of latents: the <c>from z1 { … }</c> clause of a latent (its inference network, read from
/// the latent below), the <c>given z2 { … }</c> clause of a conditional prior (its network, read from the latent
/// above) and the checks that the two mirror each other, so that p(z2) p(z1|z2) p(x|z1) and q(z1|x) q(z2|z1) are one
/// hierarchy.</summary>
internal sealed class HierarchyBinder(DiagnosticBag diagnostics, LayerBinder layers)
{
    /// <summary>Attaches to each latent written with <c>from</c> the latent below it and its bound network. Bottom-up
    /// inference feeds the network a sample of the latent below ([size]); top-down inference feeds it that latent's
    /// deterministic features (what the latent below's heads read). False when a clause had an error.</summary>
    public bool BindLatentLinks(IReadOnlyList<DistributionSyntax> latentSyntax, List<LatentSpec> latents, Shape? encoderOutput, string inference)
    {
        var ok = true;
        var order = new Dictionary<string, int>();
        for (var i = 0; i < latentSyntax.Count; i++)
        {
            if (!order.ContainsKey(latentSyntax[i].Name)) order[latentSyntax[i].Name] = i;
        }
        var features = new Dictionary<string, Shape?>();
        foreach (var syntax in latentSyntax)
        {
            var index = latents.FindIndex(l => l.Name == syntax.Name && l.Span.Start == syntax.Range.Start);
            if (syntax.Link is not { } link)
            {
                features[syntax.Name] = encoderOutput;
                continue;
            }
            if (!order.TryGetValue(link.Name, out var below))
            {
                diagnostics.Report(DiagnosticDescriptors.UnknownLinkedLatent, link.NameRange, link.Name, "from", "a latent declared before this one");
                ok = false;
                continue;
            }
            if (below >= order[syntax.Name])
            {
                diagnostics.Report(DiagnosticDescriptors.LatentOrder, link.NameRange, syntax.Name, link.Name, below == order[syntax.Name] ? "itself" : "which is declared after it");
                ok = false;
                continue;
            }
            if (index < 0) continue;
            var lower = latents.FirstOrDefault(l => l.Name == link.Name);
            // A latent that is not Normal is reported once, by CheckCombinations.
            if (latents[index].Family != "Normal" || lower is null || lower.Family != "Normal")
            {
                ok = false;
                continue;
            }
            var input = inference == "top_down" ? (features.TryGetValue(link.Name, out var f) ? f : null) : Shape.Of(lower.Size.IntValue);
            var network = BindNetwork($"latent {syntax.Name}", $"the network of latent {syntax.Name}", syntax.Name, link, input);
            if (network is null)
            {
                ok = false;
                continue;
            }
            features[syntax.Name] = network.OutputShape;
            latents[index] = latents[index] with { From = link.Name, Network = network };
        }
        return ok;
    }

    /// <summary>Checks a prior's <c>given</c> clause against its family and binds its network from the latent above;
    /// null when it had an error. A prior that is not conditional comes back as it was.</summary>
    public PriorSpec? BindPriorLink(DistributionSyntax syntax, PriorSpec prior, IReadOnlyList<LatentSpec> latents, IReadOnlyCollection<string> declared, string inference)
    {
        var construct = ConstructCatalog.Find(ConstructKind.Prior, prior.Family)!;
        if (construct.Conditional && syntax.Link is null)
        {
            diagnostics.Report(DiagnosticDescriptors.MisplacedGiven, syntax.Family.Range,
                $"prior {prior.Family} of '{prior.LatentName}' is conditional: name the latent above it, prior {prior.LatentName} ~ {prior.Family} given LATENT {{ … }}");
            return null;
        }
        if (syntax.Link is not { } link) return prior;
        if (!construct.Conditional)
        {
            diagnostics.Report(DiagnosticDescriptors.MisplacedGiven, link.KeywordRange,
                $"prior {prior.Family} of '{prior.LatentName}' takes no given; a prior conditioned on the latent above is written prior {prior.LatentName} ~ {WordList.Or(ConstructCatalog.OfKind(ConstructKind.Prior).Where(p => p.Conditional).Select(p => p.Name))} given LATENT {{ … }}");
            return null;
        }
        if (!declared.Contains(link.Name))
        {
            diagnostics.Report(DiagnosticDescriptors.UnknownLinkedLatent, link.NameRange, link.Name, "given", "the latent above this one");
            return null;
        }
        var above = latents.FirstOrDefault(l => l.Name == link.Name);
        var self = latents.First(l => l.Name == prior.LatentName);
        if (above is null || self.Family != "Normal" || above.Family != "Normal") return null;
        var network = BindNetwork($"prior {prior.LatentName}", $"the network of the prior of {prior.LatentName}", prior.LatentName, link, Shape.Of(above.Size.IntValue));
        if (network is null) return null;
        // Bottom-up, z2 is drawn given a sample of z1, so KL(q(z1|x) ‖ p(z1|z2)) is sampled; top-down, z1's posterior
        // is drawn given z2 and the KL between the two Gaussians is exact.
        return prior with { Given = link.Name, Network = network, KlMethod = inference == "top_down" ? "analytic" : "monte_carlo" };
    }

    /// <summary>Each <c>from</c> has its mirror <c>given</c>: latent z2 from z1 exactly when prior z1 ~ Normal given z2.</summary>
    public void CheckMirrored(IReadOnlyList<DistributionSyntax> latentSyntax, IReadOnlyList<LatentSpec> latents, IReadOnlyList<PriorSpec> priors,
        IReadOnlyDictionary<string, DistributionSyntax> priorSyntax)
    {
        var priorOf = priors.ToDictionary(p => p.LatentName);
        foreach (var latent in latents.Where(l => l.From is not null))
        {
            if (priorOf.TryGetValue(latent.From!, out var below) && below.Given == latent.Name) continue;
            var link = latentSyntax.First(s => s.Name == latent.Name).Link!;
            diagnostics.Report(DiagnosticDescriptors.HierarchyNotMirrored, link.NameRange,
                $"latent '{latent.Name}' is inferred from '{latent.From}', so the prior of '{latent.From}' must be given '{latent.Name}': prior {latent.From} ~ Normal given {latent.Name} {{ … }}");
        }
        var byName = latents.ToDictionary(l => l.Name);
        foreach (var prior in priors.Where(p => p.Given is not null))
        {
            if (byName.TryGetValue(prior.Given!, out var above) && above.From == prior.LatentName) continue;
            var link = priorSyntax[prior.LatentName].Link!;
            diagnostics.Report(DiagnosticDescriptors.HierarchyNotMirrored, link.NameRange,
                $"the prior of '{prior.LatentName}' is given '{prior.Given}', but latent '{prior.Given}' is not inferred from '{prior.LatentName}': write latent {prior.Given} ~ Normal(…) from {prior.LatentName} {{ … }}");
        }
    }

    /// <summary>What a hierarchy cannot be combined with yet: a condition, the VampPrior, the total correlation, MMD
    /// and free bits (each defined here on one factorised posterior), and latents that are not Normal.</summary>
    public void CheckCombinations(ConditionSyntax? condition, IReadOnlyList<DistributionSyntax> latentSyntax, IReadOnlyList<LatentSpec> latents,
        IReadOnlyList<PriorSpec> priors, IReadOnlyDictionary<string, DistributionSyntax> priorSyntax, LossSpec? loss)
    {
        if (condition is not null) diagnostics.Report(DiagnosticDescriptors.NotInHierarchy, condition.KeywordRange, "a condition", "");
        foreach (var latent in latents.Where(l => l.Family != "Normal"))
        {
            diagnostics.Report(DiagnosticDescriptors.HierarchyNeedsNormal, latentSyntax.First(s => s.Name == latent.Name).Family.Range, latent.Name, latent.Family);
        }
        foreach (var latent in latentSyntax.Where(l => l.Flow is not null))
        {
            diagnostics.Report(DiagnosticDescriptors.NotInHierarchy, latent.FlowKeywordRange, "a flow", "");
        }
        foreach (var prior in priors.Where(p => ConstructCatalog.Find(ConstructKind.Prior, p.Family)?.TakesEncoder == true && priorSyntax.ContainsKey(p.LatentName)))
        {
            diagnostics.Report(DiagnosticDescriptors.NotInHierarchy, priorSyntax[prior.LatentName].Family.Range, $"the {prior.Family}", ": its pseudo-inputs reach a latent through the encoder alone");
        }
        if (loss is null) return;
        foreach (var term in loss.Terms.Where(t => t.Name is "tc" or "mmd"))
        {
            diagnostics.Report(DiagnosticDescriptors.NotInHierarchy, Range(term.Span), $"the loss term {term.Name}", ": it is defined on one factorised posterior");
        }
        foreach (var schedule in loss.Terms.SelectMany(t => t.Schedules).Where(s => s.Kind == "free_bits"))
        {
            diagnostics.Report(DiagnosticDescriptors.NotInHierarchy, Range(schedule.Span), "free_bits", "");
        }
    }

    /// <summary>Binds a clause's layers (none: the heads read the input as it is) from <paramref name="input"/>; the
    /// output must be a vector for the heads.</summary>
    private LayerSequence? BindNetwork(string section, string description, string latent, LinkSyntax link, Shape? input)
    {
        var errors = diagnostics.ErrorCount;
        var sequence = layers.Bind(section, link.Layers ?? new LayerItemSyntax[0], input, out var output);
        if (diagnostics.ErrorCount != errors || input is null || output is null) return null;
        if (output.Rank != 1)
        {
            var at = sequence.Layers.Count > 0 ? Range(sequence.Layers[sequence.Layers.Count - 1].Span) : link.NameRange;
            diagnostics.Report(DiagnosticDescriptors.NetworkNotFlat, at, description, latent, output);
            return null;
        }
        return sequence;
    }

    private static TextRange Range(SourceSpan span) => new(span.Start, span.End);
}
