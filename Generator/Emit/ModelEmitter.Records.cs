using System.Collections.Generic;
using System.Linq;
using VaeDsl.Dsl.Model;

namespace VaeDsl.Generator.Emit;

internal sealed partial class ModelEmitter
{
    private void EmitPosterior()
    {
        var parameters = latents.Select(l => $"/// <param name=\"{l.Pascal}\">q({Names.Xml(l.Name)}|{PosteriorCondition(l)}): {Names.Xml(l.Spec.Family)}({Format(l.Spec.Size)}){(l.HasFlow ? " through the flow " + Names.Xml(l.FlowText) : "")}.</param>");
        w.Lines($$"""
            /// <summary>The approximate posterior q(z|x) of <see cref="{{ModelCref}}"/>, one distribution per latent.</summary>
            {{SourceWriter.Indented(parameters, 0)}}
            {{GeneratedCode}}
            public sealed partial record {{Name}}Posterior({{string.Join(", ", latents.Select(l => $"{l.PosteriorType} {l.Pascal}"))}});
            """);
    }

    private void EmitOutput()
    {
        var samples = latents.Select(l =>
            l.HasFlow
                ? $"/// <param name=\"{l.Pascal}\">The flowed sample of {Names.Xml(l.Name)}, shape [batch, {Names.Xml(Format(l.Spec.Size))}], with its log-density log q(z_K|x).</param>"
                : $"/// <param name=\"{l.Pascal}\">The {(l.IsNormal ? "reparameterised" : "relaxed")} sample of {Names.Xml(l.Name)}, shape [batch, {Names.Xml(Format(l.Spec.Size))}].</param>");
        var priors = Conditioned.Select(l =>
            $"/// <param name=\"{PriorProperty(l)}\">The conditional prior p({Names.Xml(l.Name)}|{Names.Xml(l.Prior.Given!)}) at the sample of {Names.Xml(l.Prior.Given!)}.</param>");
        var parameters = new[] { $"{Name}Posterior Posterior" }
            .Concat(latents.Select(l => $"{l.SampleType} {l.Pascal}"))
            .Concat(Conditioned.Select(l => $"{Dist}.DiagonalNormal {PriorProperty(l)}"))
            .Append($"{Tensor} {likelihood.OutputName}");
        w.Lines($$"""
            /// <summary>One pass of <see cref="{{ModelCref}}"/>: the posterior, a sample of each latent and the decoder's output.</summary>
            /// <param name="Posterior">q(z|x).</param>
            {{SourceWriter.Indented(samples.Concat(priors), 0)}}
            /// <param name="{{likelihood.OutputName}}">{{likelihood.OutputDoc}}</param>
            {{GeneratedCode}}
            public sealed partial record {{Name}}Output({{string.Join(", ", parameters)}});
            """);
    }

    private void EmitLossRecord()
    {
        var terms = model.Loss.Terms.Select(t => $"/// <param name=\"{t.Property}\">{TermDoc(t)}</param>")
            .Concat(LayerKls.Select(l => $"/// <param name=\"{LayerKlProperty(l)}\">The KL of layer {Names.Xml(l.Name)}, {LayerKlDoc(l)}; reported, a part of Kl.</param>"));
        var parameters = model.Loss.Terms.Select(t => $"{Tensor} {t.Property}").Concat(LayerKls.Select(l => $"{Tensor} {LayerKlProperty(l)}")).Append($"{Tensor} Total");
        var byName = string.Join(", ", model.Loss.Terms.Select(t => $"new({Names.Quote(t.Name)}, this.{t.Property})")
            .Concat(LayerKls.Select(l => $"new({Names.Quote(LayerKlName(l))}, this.{LayerKlProperty(l)})")));
        w.Lines($$"""
            /// <summary>The loss of <see cref="{{ModelCref}}"/> on a batch: each term as a mean over the batch (nats per example), and the objective minimised.</summary>
            {{SourceWriter.Indented(terms, 0)}}
            /// <param name="Total">The objective minimised: {{Names.Xml(TotalFormula())}}.</param>
            {{GeneratedCode}}
            public sealed partial record {{Name}}Loss({{string.Join(", ", parameters)}})
            {
                /// <summary>The terms by name, as the trainer logs them.</summary>
                public {{Rt}}.LossBreakdown ToBreakdown() => new(this.Total, new global::System.Collections.Generic.KeyValuePair<string, {{Tensor}}>[] { {{byName}} });
            }
            """);
    }

    private string LayerKlDoc(LatentPlan latent)
    {
        var q = $"q({Names.Xml(latent.Name)}|{PosteriorCondition(latent)})";
        var p = latent.Prior.Given is { } given ? $"p({Names.Xml(latent.Name)}|{Names.Xml(given)})" : $"p({Names.Xml(latent.Name)})";
        return $"KL({q} ‖ {p}), " + LayerKlMethod(latent);
    }

    /// <summary>How a layer's KL is computed, as LayerKl does: sampled, or in closed form at the sample of the layer q or p
    /// is conditioned on (none for the top of a top-down hierarchy).</summary>
    private string LayerKlMethod(LatentPlan latent)
    {
        if (latent.Prior.KlMethod == "monte_carlo") return "sampled (log q − log p at the sample)";
        var at = latent.Prior.Given ?? (TopDown ? null : latent.Spec.From);
        return at is null ? "in closed form" : $"in closed form at the sample of {Names.Xml(at)}";
    }

    /// <summary>How the kl term computes one latent's KL outside a hierarchy, as LatentPlan.Kl does: a relaxed latent's
    /// in closed form whatever the method (that of the unrelaxed distribution), a flowed one's sampled, a Normal one's
    /// as the checker decided.</summary>
    private static string LatentKlMethod(LatentPlan latent, LossTerm term) =>
        latent.IsRelaxed ? "in closed form (that of the unrelaxed distribution)"
        : latent.HasFlow || term.Method == "monte_carlo" ? "estimated by Monte Carlo with one sample"
        : "in closed form";

    /// <summary>What the kl term computes: with latents computed alike, the closed form or a one-sample estimate; with
    /// latents computed otherwise (a relaxed latent beside a sampled Normal one), the sum and how each latent's is
    /// computed; in a hierarchy, the sum of the layers' KLs along one sampled path, each computed as
    /// <see cref="LayerKlMethod"/> says.</summary>
    private string KlDoc(LossTerm term)
    {
        if (!IsHierarchical)
        {
            var each = latents.Select(l => LatentKlMethod(l, term)).Distinct().ToList();
            if (each.Count <= 1) return $"KL(q(z|x) ‖ p(z)), {each.FirstOrDefault() ?? "in closed form"}.";
            var kls = string.Join(" + ", latents.Select(l => $"KL(q({Names.Xml(l.Name)}|x) ‖ p({Names.Xml(l.Name)}))"));
            return $"The sum of the latents' KLs {kls}: {string.Join(", ", latents.Select(l => $"{Names.Xml(l.Name)}'s {LatentKlMethod(l, term)}"))}.";
        }
        var sum = string.Join(" + ", latents.Select(l => Names.Xml(LayerKlName(l))));
        var methods = latents.Select(l => l.Prior.KlMethod).Distinct().ToList();
        var how = methods.Count == 1 && methods[0] == "monte_carlo"
            ? "every layer's sampled (log q − log p at the sample)"
            : methods.Count == 1 && TopDown
                ? "every layer's in closed form, given the sample of the layer above where there is one"
                : string.Join(", ", latents.Select(l => $"{Names.Xml(l.Name)}'s {LayerKlMethod(l)}"));
        return $"The KL of the hierarchy, the sum of its layers' KLs {sum} along one sampled path: {how}.";
    }

    private string TermDoc(LossTerm term) => term.Name switch
    {
        "recon" => "The reconstruction term −log p(x|z), one sample of z.",
        "kl" => KlDoc(term) + (term.Schedules.Any(s => s.Kind is "free_bits" or "capacity") ? " Reported as is; the objective applies " + string.Join(" and ", term.Schedules.Where(s => s.Kind is "free_bits" or "capacity").Select(s => s.Kind)) + "." : ""),
        "tc" => "The total correlation of the aggregate posterior (β-TCVAE, minibatch-weighted sampling).",
        "mmd" => "The maximum mean discrepancy between posterior samples and prior samples (InfoVAE).",
        "iwae" => $"The negative importance-weighted bound with {ArgumentText(term, "k", "5")} samples (Burda et al., 2016).",
        "vq" => quantized is { UsesMovingAverages: true }
            ? "β × the commitment loss ‖z_e − sg[e]‖² of the quantised latent (its codebook follows moving averages), summed over positions."
            : "The codebook loss ‖sg[z_e] − e‖² plus β × the commitment loss ‖z_e − sg[e]‖² of the quantised latent, summed over positions.",
        _ => $"The term {Names.Xml(term.Name)}.",
    };

    private static string ArgumentText(LossTerm term, string name, string fallback) =>
        term.Arguments.FirstOrDefault(a => a.Name == name)?.Number is { } n ? Format(n) : fallback;

    private string TotalFormula() => string.Join(" + ", model.Loss.Terms.Select(t =>
    {
        var factors = new List<string>();
        if (!IsOne(t.Weight)) factors.Add(Format(t.Weight));
        factors.AddRange(t.Schedules.Where(s => s.Kind is "warmup" or "cyclical").Select(s => s.Kind + "(t)"));
        var body = t.Schedules.Any(s => s.Kind == "capacity") ? $"|{t.Name} − C(t)|"
            : t.Schedules.Any(s => s.Kind == "free_bits") ? $"free_bits({t.Name})"
            : t.Name;
        factors.Add(body);
        return string.Join(" × ", factors);
    }));
}
