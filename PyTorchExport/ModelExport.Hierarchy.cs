using System.Collections.Generic;
using System.Linq;
using VaeDsl.Dsl.Model;

namespace VaeDsl.PyTorchExport;

/// <summary>The twin of a model whose latents form a hierarchy: the same networks, conditional priors, order of
/// inference (bottom-up or top-down) and random draws as the generated TorchSharp module. <c>forward</c> returns the
/// posteriors, the samples, the conditional priors at the samples above and the decoder's output; a teacher-forced
/// decoder reads z1 beside the tokens, and reconstructions and samples are decoded greedily.</summary>
internal sealed partial class ModelExport
{
    private const string Priors = "priors";

    private bool TopDown => model.Inference == "top_down";

    private IEnumerable<LatentExport> Roots => latents.Where(l => l.Spec.From is null);

    private LatentExport Latent(string name) => latents.First(l => l.Name == name);

    private static string Quoted(LatentExport latent) => PythonText.Quote(latent.Name);

    private void EmitHierarchyConstruction(long encoderFeatures)
    {
        var features = new Dictionary<string, long>();
        foreach (var latent in latents)
        {
            long reads = encoderFeatures;
            if (latent.Spec.From is { } from)
            {
                Sequential(latent.Name + "_network", latent.Spec.Network!);
                reads = latent.Spec.Network!.OutputShape.Dims[0];
            }
            features[latent.Name] = reads;
            w.Line($"self.{latent.Name} = {latent.NewHead(reads)}");
            if (latent.Prior.Given is not null)
            {
                var network = latent.Prior.Network!;
                w.Line($"{latent.PriorField} = {use.Name("distributions", "ConditionalNormalPrior")}(");
                w.Indent();
                if (network.Layers.Count == 0)
                {
                    w.Line("nn.Sequential(),");
                }
                else
                {
                    w.Line("nn.Sequential(");
                    w.Indent();
                    LayerEmitter.Sequence(w, network.Layers, use);
                    w.Close();
                    w.Line("),");
                }
                w.Line($"{network.OutputShape.Dims[0]}, {latent.Size},");
                w.Close();
                w.Line(")");
            }
            else if (latent.NewPrior(InputShape) is { } prior)
            {
                w.Line($"{latent.PriorField} = {prior}");
            }
        }
    }

    /// <summary>One pass of inference as in the generated module; without samples each layer reads the posterior mean of
    /// the one it depends on.</summary>
    private void EmitInference(bool sampled)
    {
        w.Line("features = self.encoder(x)");
        string Value(LatentExport latent) => sampled ? latent.Name : $"{latent.Name}_posterior.mean";
        if (!TopDown)
        {
            foreach (var latent in latents)
            {
                var reads = latent.Spec.From is { } from ? $"self.{latent.Name}_network({Value(Latent(from))})" : "features";
                w.Line($"{latent.Name}_posterior = self.{latent.Name}({reads})");
                if (sampled) w.Line($"{latent.Name} = {latent.Name}_posterior.rsample()");
            }
            if (sampled)
            {
                foreach (var latent in latents.Where(l => l.Prior.Given is not null)) w.Line($"{latent.Name}_prior = {latent.PriorField}({Latent(latent.Prior.Given!).Name})");
            }
            return;
        }
        var features = new Dictionary<string, string>();
        foreach (var latent in latents)
        {
            if (latent.Spec.From is not { } from)
            {
                features[latent.Name] = "features";
                continue;
            }
            features[latent.Name] = latent.Name + "_features";
            w.Line($"{latent.Name}_features = self.{latent.Name}_network({features[from]})");
        }
        foreach (var latent in Enumerable.Reverse(latents))
        {
            var estimate = $"self.{latent.Name}({features[latent.Name]})";
            if (latent.Prior.Given is { } given)
            {
                var prior = $"{latent.PriorField}({Value(Latent(given))})";
                if (sampled)
                {
                    w.Line($"{latent.Name}_prior = {prior}");
                    prior = latent.Name + "_prior";
                }
                w.Line($"{latent.Name}_posterior = {use.Name("distributions", "DiagonalNormal")}.precision_weighted({estimate}, {prior})");
            }
            else
            {
                w.Line($"{latent.Name}_posterior = {estimate}");
            }
            if (sampled) w.Line($"{latent.Name} = {latent.Name}_posterior.rsample()");
        }
    }

    private string PosteriorDict => "{" + string.Join(", ", latents.Select(l => $"{Quoted(l)}: {l.Name}_posterior")) + "}";

    private void EmitHierarchyEncodeDecode()
    {
        w.Open("def encode(self, x, condition=None):");
        w.Line("\"\"\"The posterior of each latent of the hierarchy, by name, each layer read at the posterior mean of the one it depends on.\"\"\"");
        EmitInference(sampled: false);
        w.Line($"return {PosteriorDict}");
        w.Close();
        w.Line();
        var roots = Roots.Select(l => l.Name).ToList();
        var parameters = roots.Concat(IsTeacherForced ? new[] { "x" } : new string[0]);
        w.Open($"def decode(self, {string.Join(", ", parameters)}, condition=None):");
        w.Line($"\"\"\"{PythonText.Doc(likelihood.OutputDoc)}{(IsTeacherForced ? " The decoder reads the tokens x shifted by one position." : "")}\"\"\"");
        var inputs = roots.Concat(IsTeacherForced ? new[] { "x" } : new string[0]).ToList();
        w.Line(inputs.Count == 1 ? $"return self.decoder({inputs[0]})" : $"return self.decoder(torch.cat([{string.Join(", ", inputs)}], 1))");
        w.Close();
        w.Line();
    }

    private void EmitHierarchyForward()
    {
        w.Open("def forward(self, x, condition=None, progress=None):");
        w.Line($"\"\"\"One pass of inference ({(TopDown ? "top-down" : "bottom-up")}) and decoding: (posterior, samples, conditional priors, {likelihood.OutputLocal}).\"\"\"");
        EmitInference(sampled: true);
        w.Line($"{likelihood.OutputLocal} = {DecodeCall(Roots.Select(l => l.Name))}");
        var samples = "{" + string.Join(", ", latents.Select(l => $"{Quoted(l)}: {l.Name}")) + "}";
        var priors = "{" + string.Join(", ", latents.Where(l => l.Prior.Given is not null).Select(l => $"{Quoted(l)}: {l.Name}_prior")) + "}";
        w.Line($"return {PosteriorDict}, {samples}, {priors}, {likelihood.OutputLocal}");
        w.Close();
        w.Line();
    }

    /// <summary>The KL of each layer as the loss reports it (kl_z1, …), when the model is a hierarchy with a kl term.</summary>
    private List<(string Name, string Value)> LayerKls()
    {
        if (!model.IsHierarchical || !model.Loss.Terms.Any(t => t.Name == "kl")) return new List<(string, string)>();
        return latents.Select(l =>
        {
            var monteCarlo = l.Prior.KlMethod == "monte_carlo";
            string value;
            if (l.Prior.Given is not null)
            {
                var q = l.Posterior(Posterior);
                var z = l.Sample(Samples);
                var prior = $"{Priors}[{Quoted(l)}]";
                value = monteCarlo ? $"{q}.kl_monte_carlo({z}, {prior}.log_prob({z})).mean()" : $"{q}.kl_to({prior}).mean()";
            }
            else
            {
                value = l.KlMean(Posterior, Samples, monteCarlo) ?? $"{l.Kl(Posterior, Samples, monteCarlo)}.mean()";
            }
            return ("kl_" + l.Name, value);
        }).ToList();
    }

    /// <summary>Draws every latent from its prior, the top first, each conditional prior at the draw above.</summary>
    private void EmitAncestralDraws()
    {
        foreach (var latent in Enumerable.Reverse(latents))
        {
            w.Line(latent.Prior.Given is { } given
                ? $"{latent.Name} = {latent.PriorField}({Latent(given).Name}).rsample()"
                : $"{latent.Name} = {latent.PriorSample("count")}");
        }
    }

    private void EmitHierarchyLogLikelihood()
    {
        w.Line();
        w.Open($"def log_weight(self, x, {Posterior}, {Samples}, {Priors}, {likelihood.OutputLocal}):");
        w.Line("\"\"\"log p(x, z) - log q(z|x) per example for one pass of inference through the whole hierarchy, [B].\"\"\"");
        var joint = new[] { likelihood.LogProb(likelihood.OutputLocal, "x") }
            .Concat(latents.Select(l => l.Prior.Given is not null ? $"{Priors}[{Quoted(l)}].log_prob({l.Sample(Samples)})" : l.PriorLogProb(l.Sample(Samples))));
        var proposal = latents.Select(l => $"{l.Posterior(Posterior)}.log_prob({l.Sample(Samples)})").ToList();
        w.Line($"log_joint = {string.Join(" + ", joint)}");
        w.Line($"return log_joint - {string.Join(" - ", proposal)}");
        w.Close();
        w.Line();
        w.Line("@torch.no_grad()");
        w.Open("def log_likelihood(self, x, condition=None, samples=100):");
        w.Line("\"\"\"An importance-sampled estimate of log p(x) per example, [B], each sample a whole path through the hierarchy.\"\"\"");
        w.Line($"return {use.Name("objectives", "estimate_path_log_likelihood")}(samples, lambda: self.log_weight(x, *self(x, condition)))");
        w.Close();
    }
}
