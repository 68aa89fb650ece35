using System.Collections.Generic;
using System.Linq;
using VaeDsl.Dsl.Model;

namespace VaeDsl.Generator.Emit;

internal sealed partial class ModelEmitter
{
    private void EmitPosterior()
    {
        w.Line($"/// <summary>The approximate posterior q(z|x) of <see cref=\"{ModelCref}\"/>, one distribution per latent.</summary>");
        foreach (var latent in latents)
        {
            w.Line($"/// <param name=\"{latent.Pascal}\">q({Names.Xml(latent.Name)}|x): {Names.Xml(latent.Spec.Family)}({Format(latent.Spec.Size)}).</param>");
        }
        w.Line(GeneratedCode);
        w.Line($"public sealed partial record {Name}Posterior({string.Join(", ", latents.Select(l => $"{l.PosteriorType} {l.Pascal}"))});");
    }

    private void EmitOutput()
    {
        w.Line($"/// <summary>One pass of <see cref=\"{ModelCref}\"/>: the posterior, a sample of each latent and the decoder's output.</summary>");
        w.Line("/// <param name=\"Posterior\">q(z|x).</param>");
        foreach (var latent in latents)
        {
            var kind = latent.IsNormal ? "reparameterised" : "relaxed";
            w.Line($"/// <param name=\"{latent.Pascal}\">The {kind} sample of {Names.Xml(latent.Name)}, shape [batch, {Names.Xml(Format(latent.Spec.Size))}].</param>");
        }
        w.Line($"/// <param name=\"{likelihood.OutputName}\">{likelihood.OutputDoc}</param>");
        w.Line(GeneratedCode);
        var parameters = new List<string> { $"{Name}Posterior Posterior" };
        parameters.AddRange(latents.Select(l => $"{Tensor} {l.Pascal}"));
        parameters.Add($"{Tensor} {likelihood.OutputName}");
        w.Line($"public sealed partial record {Name}Output({string.Join(", ", parameters)});");
    }

    private void EmitLossRecord()
    {
        w.Line($"/// <summary>The loss of <see cref=\"{ModelCref}\"/> on a batch: each term as a mean over the batch (nats per example), and the objective minimised.</summary>");
        foreach (var term in model.Loss.Terms)
        {
            w.Line($"/// <param name=\"{term.Property}\">{TermDoc(term)}</param>");
        }
        w.Line("/// <param name=\"Total\">The objective minimised: " + Names.Xml(TotalFormula()) + ".</param>");
        w.Line(GeneratedCode);
        var parameters = model.Loss.Terms.Select(t => $"{Tensor} {t.Property}").Concat(new[] { $"{Tensor} Total" });
        w.Open($"public sealed partial record {Name}Loss({string.Join(", ", parameters)})");
        w.Line("/// <summary>The terms by name, as the trainer logs them.</summary>");
        var terms = string.Join(", ", model.Loss.Terms.Select(t => $"new({Names.Quote(t.Name)}, this.{t.Property})"));
        w.Line($"public {Rt}.LossBreakdown ToBreakdown() => new(this.Total, new global::System.Collections.Generic.KeyValuePair<string, {Tensor}>[] {{ {terms} }});");
        w.Close();
    }

    private string TermDoc(LossTerm term) => term.Name switch
    {
        "recon" => "The reconstruction term −log p(x|z), one sample of z.",
        "kl" => (term.Method == "monte_carlo"
            ? "KL(q(z|x) ‖ p(z)), estimated by Monte Carlo with one sample."
            : "KL(q(z|x) ‖ p(z)), in closed form.") + (term.Schedules.Any(s => s.Kind is "free_bits" or "capacity") ? " Reported as is; the objective applies " + string.Join(" and ", term.Schedules.Where(s => s.Kind is "free_bits" or "capacity").Select(s => s.Kind)) + "." : ""),
        "tc" => "The total correlation of the aggregate posterior (β-TCVAE, minibatch-weighted sampling).",
        "mmd" => "The maximum mean discrepancy between posterior samples and prior samples (InfoVAE).",
        "iwae" => $"The negative importance-weighted bound with {ArgumentText(term, "k", "5")} samples (Burda et al., 2016).",
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
