using System.Collections.Generic;
using System.Linq;
using VaeDsl.Dsl.Catalog;
using VaeDsl.Dsl.Model;

namespace VaeDsl.Generator.Emit;

internal sealed partial class ModelEmitter
{
    private void EmitLossMethod()
    {
        var conditionDoc = IsConditional ? $"/// <param name=\"{ConditionParameter}\">{ConditionDoc}</param>" : null;
        // iwae encodes by itself; every other term reads one forward pass.
        var forward = model.Loss.Terms.Any(t => t.Name != "iwae") ? $"var output = this.Forward({BatchArguments}{(HasRelaxedLatents ? ", progress" : "")});" : null;
        var terms = model.Loss.Terms.Select(t => (Local: Lower(t.Property), Term: t)).ToList();
        // In a hierarchy the KL of each layer is its own local, reported beside kl, their sum.
        var layerKls = LayerKls.Count > 0 ? LayerKlStatements() : new string[0];
        var reported = terms.Select(t => t.Local).Concat(LayerKls.Select(l => Lower(LayerKlProperty(l))));
        var body = new[] { forward }.Concat(layerKls).Concat(terms.Select(t => $"var {t.Local} = {TermValue(t.Term)};"))
            .Append($"return new {Name}Loss({string.Join(", ", reported)}, {string.Join(" + ", terms.Select(t => Objective(t.Term, t.Local)))});")
            .Where(line => line is not null)
            .Cast<string>();
        w.Lines($$"""
            /// <summary>The loss on a batch, term by term, and the objective minimised.</summary>
            /// <param name="x">A batch of inputs.</param>
            {{SourceWriter.Optional(conditionDoc)}}
            /// <param name="progress">Where training is, for weight schedules; <see cref="{{Rt}}.TrainingProgress.Evaluation"/> outside training.</param>
            public {{Name}}Loss Loss({{BatchParameters}}, {{Rt}}.TrainingProgress progress)
            {
                {{SourceWriter.Indented(body, 1)}}
            }

            """);
    }

    /// <summary>The batch-mean value of a term, as reported.</summary>
    private string TermValue(LossTerm term)
    {
        switch (term.Name)
        {
            case "recon":
                return likelihood.NegativeLogLikelihood($"output.{likelihood.OutputName}", "x");
            case "kl" when IsHierarchical:
                return string.Join(" + ", latents.Select(l => Lower(LayerKlProperty(l))));
            case "kl":
                if (latents.Count == 1 && latents[0].KlMean("output.Posterior", $"output.{latents[0].Pascal}", term.Method == "monte_carlo") is { } klMean) return klMean;
                var perExample = latents.Select(l => l.Kl("output.Posterior", $"output.{l.Pascal}", term.Method == "monte_carlo")).ToList();
                return perExample.Count == 1 ? $"{perExample[0]}.mean()" : $"({string.Join(" + ", perExample)}).mean()";
            case "tc":
                if (!AllNormal) throw new UnsupportedConstructException(term.Span, "the total correlation of a model with a latent that is not Normal");
                return $"{Rt}.Objectives.TotalCorrelation.MinibatchWeighted({JointSample("output")}, {JointPosterior("output.Posterior")}, global::System.Math.Max(progress.DatasetSize, x.shape[0])).mean()";
            case "mmd":
                // With several latents, the discrepancy between the joint codes and joint prior samples.
                var prior = Concatenated(latents.Select(l => l.PriorSample("x.shape[0]")).ToList());
                var dimensions = latents.Count == 1 ? latents[0].Size("this.Options") : "(" + string.Join(" + ", latents.Select(l => l.Size("this.Options"))) + ")";
                return $"{Rt}.Objectives.MaximumMeanDiscrepancy.Rbf({JointSample("output")}, {prior}, scale: global::System.Math.Sqrt({dimensions} / 2.0))";
            case "iwae":
                if (!AllNormal) throw new UnsupportedConstructException(term.Span, "the importance-weighted bound of a model with a latent that is not Normal (a relaxed latent has no density to weight samples by)");
                var k = term.Arguments.FirstOrDefault(a => a.Name == "k")?.Number is { } samples
                    ? ExprEmitter.Emit(samples, "this.Options")
                    : ExprEmitter.Literal(ConstructCatalog.Find(ConstructKind.LossTerm, "iwae")!.Parameter("k")!.NumberDefault!.Value, NumberKind.Int);
                if (IsHierarchical) return $"-{Rt}.Objectives.ImportanceWeighted.Bound({k}, () => this.LogWeight(x, this.Forward(x))).mean()";
                return $"-{Rt}.Objectives.ImportanceWeighted.Bound({JointPosterior($"this.Encode({BatchArguments})")}, {k}, {JointCode} => this.LogJoint({BatchArguments}, {JointCode})).mean()";
            case "vq":
                if (quantized is not { } q) throw new UnsupportedConstructException(term.Span, "the term vq without a quantised latent");
                return $"{q.Field}.Loss(output.Posterior.{q.Pascal})";
            default:
                throw new UnsupportedConstructException(term.Span, $"the loss term '{term.Name}'");
        }
    }

    /// <summary>The samples of all latents from an output record expression, concatenated into one code [B, d].</summary>
    private string JointSample(string output) => Concatenated(latents.Select(l => l.Value($"{output}.{l.Pascal}")).ToList());

    /// <summary>One code [B, d₁ + d₂ + …] from per-latent expressions [B, dᵢ]; a single one as it is.</summary>
    private static string Concatenated(IReadOnlyList<string> codes) =>
        codes.Count == 1 ? codes[0] : $"global::TorchSharp.torch.cat(new[] {{ {string.Join(", ", codes)} }}, 1)";

    /// <summary>The term's part of the objective: weight × schedule factors × the term (or its free-bits or
    /// capacity form).</summary>
    private string Objective(LossTerm term, string local)
    {
        var factors = new List<string>();
        if (!IsOne(term.Weight)) factors.Add(ExprEmitter.EmitDouble(term.Weight, "this.Options"));
        foreach (var schedule in term.Schedules.Where(s => s.Kind is "warmup" or "cyclical"))
        {
            factors.Add($"this.{local}{Names.Pascal(schedule.Kind)}.Weight(progress)");
        }
        var body = local;
        if (term.Schedules.Any(s => s.Kind == "free_bits"))
        {
            var parts = new List<string>();
            foreach (var latent in latents)
            {
                if (latent.KlPerDimension("output.Posterior") is { } perDimension)
                {
                    parts.Add($"this.{local}FreeBits.Apply({perDimension})");
                }
                else if (latent.IsNormal)
                {
                    // No per-dimension KL under a mixture or VampPrior prior: the latent is one group of its size.
                    var perExample = latent.Kl("output.Posterior", $"output.{latent.Pascal}", term.Method == "monte_carlo");
                    parts.Add($"this.{local}FreeBits.ApplyToGroup({perExample}, {latent.Size("this.Options")})");
                }
                else
                {
                    throw new UnsupportedConstructException(term.Span, $"free bits on the KL of the relaxed latent '{latent.Name}' (free bits are defined for Normal latents)");
                }
            }
            body = parts.Count == 1 ? parts[0] : "(" + string.Join(" + ", parts) + ")";
        }
        else if (term.Schedules.Any(s => s.Kind == "capacity"))
        {
            body = $"this.{local}Capacity.Apply({local}, progress)";
        }
        factors.Add(body);
        return string.Join(" * ", factors);
    }
}
