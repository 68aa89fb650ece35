using System.Collections.Generic;
using System.Linq;
using VaeDsl.Dsl.Model;

namespace VaeDsl.Generator.Emit;

/// <summary>The members of a model whose latents form a hierarchy (<c>latent z2 ~ Normal(50) from z1 { … }</c> with
/// <c>prior z1 ~ Normal given z2 { … }</c>): inference layer by layer, bottom-up (Burda et al., 2016) or top-down
/// (the Ladder VAE), conditional priors, the KL of each layer, ancestral sampling and one importance weight per pass.
/// The front end allows only Normal latents and no condition here.</summary>
internal sealed partial class ModelEmitter
{
    private bool IsHierarchical => model.IsHierarchical;

    private bool TopDown => model.Inference == "top_down";

    /// <summary>The latents the decoder reads: all of them, except in a hierarchy, where only the bottom ones (those read
    /// from the encoder) are, p(x|z1).</summary>
    private IReadOnlyList<LatentPlan> DecoderLatents => latents.Where(l => l.Spec.From is null).ToList();

    private LatentPlan Latent(string name) => latents.First(l => l.Name == name);

    private static string Camel(LatentPlan latent) => Lower(latent.Pascal);

    private static string NetworkField(LatentPlan latent) => latent.Name + "_network";

    /// <summary>The property of the output record holding a latent's conditional prior at the sample above it.</summary>
    private static string PriorProperty(LatentPlan latent) => "Prior" + latent.Pascal;

    /// <summary>The property of the loss record holding a latent's KL.</summary>
    private static string LayerKlProperty(LatentPlan latent) => "Kl" + latent.Pascal;

    private static string LayerKlName(LatentPlan latent) => "kl_" + latent.Name;

    private IEnumerable<LatentPlan> Conditioned => latents.Where(l => l.Prior.Given is not null);

    /// <summary>The per-layer KL properties, reported beside <c>kl</c> when the loss has it.</summary>
    private IReadOnlyList<LatentPlan> LayerKls => IsHierarchical && model.Loss.Terms.Any(t => t.Name == "kl") ? latents : new List<LatentPlan>();

    private IEnumerable<string> HierarchyFields() => latents.SelectMany(l => new[]
    {
        l.Spec.From is null ? null : $"private readonly global::TorchSharp.Modules.Sequential {NetworkField(l)};",
        $"private readonly {l.HeadType} {l.Name};",
        $"private readonly {l.PriorModuleType} {l.PriorFieldName};",
    }).Where(f => f is not null).Cast<string>();

    /// <summary>Each latent in declaration order: its network (from the latent below: its sample bottom-up, its features
    /// top-down), its heads, and its prior (a conditional one with its own network from the latent above).</summary>
    private void EmitHierarchyConstruction(string inputShape)
    {
        var features = new Dictionary<string, string>();
        foreach (var latent in latents)
        {
            string reads;
            if (latent.Spec.From is not { } from)
            {
                reads = "encoderLayers.Shape[0]";
            }
            else
            {
                var stack = Camel(latent) + "Layers";
                var input = TopDown ? features[from] : Latent(from).Size("o");
                EmitStack(stack, input, latent.Spec.Network!);
                w.Line($"this.{NetworkField(latent)} = {stack}.Build();");
                reads = $"{stack}.Shape[0]";
            }
            features[latent.Name] = reads;
            w.Line($"{latent.Field} = {latent.NewHead(reads, "o")};");
            if (latent.Prior.Given is { } given)
            {
                var stack = Camel(latent) + "PriorLayers";
                EmitStack(stack, Latent(given).Size("o"), latent.Prior.Network!);
                w.Line($"{latent.PriorField} = new {latent.PriorModuleType}({stack}.Build(), {stack}.Shape[0], {latent.Size("o")});");
            }
            else
            {
                w.Line($"{latent.PriorField} = {latent.NewPriorModule("o", inputShape)};");
            }
        }
    }

    /// <summary>The statements of one pass of inference, ending with a local <c>{latent}Posterior</c> per latent and, when
    /// <paramref name="sampled"/>, a sample <c>{latent}</c> per latent and a local <c>{latent}Prior</c> per conditional prior.
    /// Without samples each layer reads the posterior mean of the one it depends on.</summary>
    private List<string> InferenceStatements(bool sampled)
    {
        var lines = new List<string> { "var features = this.encoder.forward(x);" };
        string Value(LatentPlan latent) => sampled ? latent.Local : $"{Camel(latent)}Posterior.Mean";
        if (!TopDown)
        {
            foreach (var latent in latents)
            {
                var reads = latent.Spec.From is { } from ? $"this.{NetworkField(latent)}.forward({Value(Latent(from))})" : "features";
                lines.Add($"var {Camel(latent)}Posterior = {latent.Field}.forward({reads});");
                if (sampled) lines.Add($"var {latent.Local} = {Camel(latent)}Posterior.Sample();");
            }
            if (sampled)
            {
                foreach (var latent in Conditioned) lines.Add($"var {Camel(latent)}Prior = {latent.PriorField}.forward({Latent(latent.Prior.Given!).Local});");
            }
            return lines;
        }
        // Top-down: the deterministic bottom-up pass, then from the top each posterior merges its estimate with its prior.
        var features = new Dictionary<string, string>();
        foreach (var latent in latents)
        {
            if (latent.Spec.From is not { } from)
            {
                features[latent.Name] = "features";
                continue;
            }
            features[latent.Name] = $"{Camel(latent)}Features";
            lines.Add($"var {Camel(latent)}Features = this.{NetworkField(latent)}.forward({features[from]});");
        }
        foreach (var latent in Enumerable.Reverse(latents))
        {
            var estimate = $"{latent.Field}.forward({features[latent.Name]})";
            if (latent.Prior.Given is { } given)
            {
                var prior = $"{latent.PriorField}.forward({Value(Latent(given))})";
                if (sampled)
                {
                    lines.Add($"var {Camel(latent)}Prior = {prior};");
                    prior = $"{Camel(latent)}Prior";
                }
                lines.Add($"var {Camel(latent)}Posterior = {Dist}.DiagonalNormal.PrecisionWeighted({estimate}, {prior});");
            }
            else
            {
                lines.Add($"var {Camel(latent)}Posterior = {estimate};");
            }
            if (sampled) lines.Add($"var {latent.Local} = {Camel(latent)}Posterior.Sample();");
        }
        return lines;
    }

    private string PosteriorRecord => $"new {Name}Posterior({string.Join(", ", latents.Select(l => $"{Camel(l)}Posterior"))})";

    private void EmitHierarchyEncode()
    {
        var order = TopDown ? "the top first, each merged with its conditional prior at the posterior mean of the layer above" : "each layer read at the posterior mean of the layer below";
        w.Lines($$"""
            /// <summary>Encodes a batch into the posterior of each latent of the hierarchy without sampling: {{order}}.</summary>
            /// <param name="x">A batch of inputs, shape [batch, {{string.Join(", ", model.Input.Shape.Dims)}}].</param>
            public {{Name}}Posterior Encode({{BatchParameters}})
            {
                {{SourceWriter.Indented(InferenceStatements(sampled: false), 1)}}
                return {{PosteriorRecord}};
            }

            """);
    }

    private void EmitHierarchyForward()
    {
        var how = TopDown
            ? "Infers top-down: a deterministic bottom-up pass, then from the top each latent's bottom-up estimate is merged with its conditional prior (precision-weighted) and sampled"
            : "Infers bottom-up, sampling each latent given a sample of the latent below";
        var record = new[] { PosteriorRecord }.Concat(latents.Select(l => l.Local)).Concat(Conditioned.Select(l => $"{Camel(l)}Prior")).Append(likelihood.OutputLocal);
        w.Lines($$"""
            /// <summary>{{how}}; computes each conditional prior at the sample above it, and decodes.</summary>
            /// <param name="x">A batch of inputs.</param>
            public {{Name}}Output Forward({{BatchParameters}})
            {
                {{SourceWriter.Indented(InferenceStatements(sampled: true), 1)}}
                var {{likelihood.OutputLocal}} = {{DecodeCall(DecoderLatents.Select(l => l.Local))}};
                return new {{Name}}Output({{string.Join(", ", record)}});
            }

            """);
    }

    /// <summary>The KL of one layer, batch mean: to a conditional prior, at the output's sample of the layer above (in closed
    /// form top-down, sampled bottom-up, where the layer above was drawn given this one); else as for one latent.</summary>
    private string LayerKl(LatentPlan latent, bool monteCarlo)
    {
        var q = $"output.Posterior.{latent.Pascal}";
        var z = $"output.{latent.Pascal}";
        if (latent.Prior.Given is not null)
        {
            var prior = $"output.{PriorProperty(latent)}";
            return monteCarlo
                ? $"{q}.KlMonteCarlo({z}, {prior}.LogProb({z})).mean()"
                : $"{q}.KlTo({prior}).mean()";
        }
        return latent.KlMean("output.Posterior", z, monteCarlo) ?? $"{latent.Kl("output.Posterior", z, monteCarlo)}.mean()";
    }

    /// <summary>One local per layer's KL, sampled where the checker decided (kl(method: monte_carlo) makes every layer sampled).</summary>
    private IEnumerable<string> LayerKlStatements() =>
        latents.Select(l => $"var {Lower(LayerKlProperty(l))} = {LayerKl(l, l.Prior.KlMethod == "monte_carlo")};");

    /// <summary>Ancestral sampling from the top: each conditional prior at the sample of the layer above.</summary>
    private IEnumerable<string> AncestralSample()
    {
        foreach (var latent in Enumerable.Reverse(latents))
        {
            yield return latent.Prior.Given is { } given
                ? $"var {latent.Local} = {latent.PriorField}.forward({Latent(given).Local}).Sample();"
                : $"var {latent.Local} = {latent.PriorSample("count")};";
        }
    }

    private void EmitHierarchyOverrides()
    {
        w.Lines($$"""
            /// <inheritdoc/>
            public override {{Rt}}.LossBreakdown ComputeLoss({{Tensor}} x, {{Tensor}}? condition, {{Rt}}.TrainingProgress progress) => this.Loss(x, progress).ToBreakdown();

            """);
        var roots = DecoderLatents;
        var posterior = roots.Count == 1 ? "this.Encode(x)" : "posterior";
        // A teacher-forced decoder reads its own tokens: reconstructions and samples are decoded greedily, token by token.
        var encode = roots.Count == 1 ? new string[0] : new[] { "var posterior = this.Encode(x);" };
        Override($"{Tensor} Reconstruct({Tensor} x, {Tensor}? condition = null)", IsTeacherForced
            ? encode.Concat(DecodeGreedily(roots.Select(l => l.Mean(posterior)).ToList(), ConditionParameter))
            : encode.Append($"return {likelihood.Mean(DecodeCall(roots.Select(l => l.Mean(posterior))))};"));
        w.Line();
        Override($"{Tensor} Sample(long count, {Tensor}? condition = null)", IsTeacherForced
            ? AncestralSample().Concat(DecodeGreedily(roots.Select(l => l.Local).ToList(), ConditionParameter))
            : AncestralSample().Append($"return {likelihood.Mean(DecodeCall(roots.Select(l => l.Local)))};"));
        w.Line();
        Override($"{Tensor} PosteriorMean({Tensor} x, {Tensor}? condition = null)", new[] { $"return {latents[0].Mean("this.Encode(x)")};" });
        w.Line();
        Override($"{Tensor} EstimateLogLikelihood({Tensor} x, {Tensor}? condition, int samples)",
            new[] { $"return {Rt}.Objectives.ImportanceWeighted.EstimateLogLikelihood(samples, () => this.LogWeight(x, this.Forward(x)));" });
    }

    private void EmitHierarchyHelpers()
    {
        var joint = new[] { "log p(x|" + string.Join(", ", DecoderLatents.Select(l => Names.Xml(l.Name))) + ")" }
            .Concat(latents.Select(l => l.Prior.Given is { } g ? $"log p({Names.Xml(l.Name)}|{Names.Xml(g)})" : $"log p({Names.Xml(l.Name)})"));
        var proposal = latents.Select(l => $"log q({Names.Xml(l.Name)}|{PosteriorCondition(l)})");
        var terms = new[] { likelihood.LogProb($"output.{likelihood.OutputName}", "x") }
            .Concat(latents.Select(l => l.Prior.Given is not null ? $"output.{PriorProperty(l)}.LogProb(output.{l.Pascal})" : l.PriorLogProb($"output.{l.Pascal}")));
        var minus = latents.Select(l => $"output.Posterior.{l.Pascal}.LogProb(output.{l.Pascal})");
        w.Line();
        w.Line($"/// <summary>The log importance weight per example of one pass of inference: {string.Join(" + ", joint)} − {string.Join(" − ", proposal)}.</summary>");
        w.Open($"private {Tensor} LogWeight({Tensor} x, {Name}Output output)");
        w.Line($"return {string.Join(" + ", terms)}");
        w.Indent();
        var list = minus.ToList();
        for (var i = 0; i < list.Count; i++) w.Line($"- {list[i]}{(i == list.Count - 1 ? ";" : "")}");
        w.Outdent();
        w.Close();
    }

    /// <summary>What a latent's posterior is conditioned on, for documentation: the latent below bottom-up; x and the latent
    /// above top-down.</summary>
    private string PosteriorCondition(LatentPlan latent)
    {
        if (TopDown) return latent.Prior.Given is { } given ? $"x, {Names.Xml(given)}" : "x";
        return latent.Spec.From is { } from ? Names.Xml(from) : "x";
    }
}
