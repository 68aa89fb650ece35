using System.Collections.Generic;
using System.Linq;
using VaeDsl.Dsl.Catalog;
using VaeDsl.Dsl.Model;

namespace VaeDsl.PyTorchExport;

/// <summary>What the PyTorch module does for one latent: the same head, posterior, prior, samples and KL as the
/// generated TorchSharp module (Generator's LatentPlan), as Python text.</summary>
internal sealed class LatentExport
{
    private readonly ModuleImports use;

    public LatentExport(LatentSpec latent, PriorSpec prior, ModuleImports use)
    {
        Spec = latent;
        Prior = prior;
        this.use = use;
        if (!SupportedFamilies.Contains(latent.Family))
        {
            throw new ExportRefusedException(latent.Span, $"the latent family '{latent.Family}' has no PyTorch export yet");
        }
        var construct = ConstructCatalog.Find(ConstructKind.Prior, prior.Family);
        if (construct is null || (IsNormal ? construct.Runtime is null || !SupportedPriors.Contains(prior.Family) : prior.Family != "Uniform"))
        {
            throw new ExportRefusedException(prior.Span, $"the prior '{prior.Family}' of a {latent.Family} latent has no PyTorch export yet");
        }
        PriorConstruct = construct;
        if (latent.Flow is { } flow)
        {
            FlowConstruct = ConstructCatalog.Find(ConstructKind.Flow, flow.Kind);
            if (FlowConstruct?.Runtime is null || !SupportedFlows.Contains(flow.Kind) || !IsNormal)
            {
                throw new ExportRefusedException(flow.Span, $"the flow '{flow.Kind}' of a {latent.Family} latent has no PyTorch export yet");
            }
        }
        if (PythonText.Reserved.Contains(latent.Name))
        {
            throw new ExportRefusedException(latent.Span,
                $"the latent '{latent.Name}' would be named like a Python keyword or a method of the PyTorch module; rename it (its name is the prefix of its state_dict keys)");
        }
    }

    /// <summary>The catalogue's latent families that export as a latent with a posterior; a quantised latent
    /// (<see cref="QuantizedLatentExport"/>) exports too.</summary>
    public static readonly IReadOnlyCollection<string> SupportedFamilies = new HashSet<string> { "Normal", "Categorical", "Bernoulli" };

    /// <summary>The priors of Normal latents that export; each is a class of the package's distributions module named
    /// like the Runtime class of the catalogue entry.</summary>
    public static readonly IReadOnlyCollection<string> SupportedPriors = new HashSet<string> { "StandardNormal", "LearnedNormal", "MixtureOfGaussians", "VampPrior", "Normal", "Uniform" };

    /// <summary>The catalogue's flows that export; each is a class of the package's flows module named like the Runtime
    /// class of the catalogue entry.</summary>
    public static readonly IReadOnlyCollection<string> SupportedFlows = new HashSet<string> { "planar", "radial", "iaf" };

    public LatentSpec Spec { get; }

    private Construct? FlowConstruct { get; }

    /// <summary>The latent's sample goes through a flow: its posterior is a <c>FlowedNormal</c> and its sample a
    /// <c>PosteriorSample</c> (value, log_prob).</summary>
    public bool HasFlow => FlowConstruct is not null;

    private bool FlowReadsContext => FlowConstruct?.ContextParameter is { } parameter && Spec.Flow!.Arguments.Any(a => a.Name == parameter && a.Word == "true");

    /// <summary>The flow's module, named like its Runtime class: the latent size, its arguments in catalogue order and, for
    /// a flow that reads the heads' features, their size; null without a flow.</summary>
    public string? NewFlow(long features)
    {
        if (FlowConstruct is null) return null;
        var type = FlowConstruct.Runtime!.Substring(FlowConstruct.Runtime.LastIndexOf('.') + 1);
        var arguments = new List<string> { Size.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        foreach (var parameter in FlowConstruct.Parameters.Where(p => p.Name != FlowConstruct.ContextParameter))
        {
            var value = Spec.Flow!.Arguments.FirstOrDefault(a => a.Name == parameter.Name)?.Number?.Value ?? parameter.NumberDefault!.Value;
            arguments.Add(PythonText.Literal(value, NumberKind.Int));
        }
        if (FlowReadsContext) arguments.Add($"context_features={features.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        return $"{use.Name("flows", type)}({string.Join(", ", arguments)})";
    }

    public string FlowField => "self." + Name + "_flow";

    /// <summary>The code [B, size] of a sample expression (a flowed sample's value).</summary>
    public string Value(string sample) => HasFlow ? sample + ".value" : sample;

    public PriorSpec Prior { get; }

    private Construct PriorConstruct { get; }

    public string Name => Spec.Name;

    public bool IsNormal => Spec.Family == "Normal";

    public bool IsRelaxed => !IsNormal;

    public long Size => Spec.Size.IntValue;

    public string PriorField => "self." + Name + "_prior";

    public string Posterior(string posterior) => $"{posterior}[{PythonText.Quote(Name)}]";

    public string Sample(string samples) => $"{samples}[{PythonText.Quote(Name)}]";

    private string Argument(string name, string fallback) =>
        Spec.Arguments.FirstOrDefault(a => a.Name == name)?.Number is { } n ? PythonText.Literal(n.Value, n.Kind) : fallback;

    private string FloatArgument(string name, string fallback) =>
        Spec.Arguments.FirstOrDefault(a => a.Name == name)?.Number is { } n ? PythonText.Float(n.Value) : fallback;

    private string Groups => Argument("groups", "1");

    private string Categories => Argument("categories", Size.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private bool Hard => Spec.Arguments.FirstOrDefault(a => a.Name == "hard")?.Word == "true";

    public string NewHead(long features) => IsNormal
        ? $"{use.Name("distributions", "NormalHead")}({features}, {Size})"
        : $"nn.Linear({features}, {Size})";

    /// <summary>The prior's module, named like its Runtime class, with the latent size and its arguments in catalogue
    /// order; null for a relaxed latent, whose uniform prior has no parameters.</summary>
    public string? NewPrior(string inputShape)
    {
        if (!IsNormal) return null;
        var type = PriorConstruct.Runtime!.Substring(PriorConstruct.Runtime.LastIndexOf('.') + 1);
        var arguments = new List<string> { Size.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        foreach (var parameter in PriorConstruct.Parameters)
        {
            var value = Prior.Arguments.FirstOrDefault(a => a.Name == parameter.Name)?.Number?.Value ?? parameter.NumberDefault!.Value;
            arguments.Add(PythonText.Literal(value, NumberKind.Int));
        }
        if (PriorConstruct.TakesEncoder) arguments.Add($"lambda u: self.{Name}(self.encoder(u)), {inputShape}");
        return $"{use.Name("distributions", type)}({string.Join(", ", arguments)})";
    }

    public string PosteriorFrom(string features) => Spec.Family switch
    {
        "Normal" when HasFlow => $"{use.Name("flows", "FlowedNormal")}(self.{Name}({features}), {FlowField}{(FlowReadsContext ? ", " + features : "")})",
        "Normal" => $"self.{Name}({features})",
        "Categorical" => $"{use.Name("distributions", "RelaxedCategorical")}(self.{Name}({features}).view(-1, {Groups}, {Categories}))",
        _ => $"{use.Name("distributions", "RelaxedBernoulli")}(self.{Name}({features}))",
    };

    private string Temperature(string progress) =>
        $"{use.Name("distributions", "gumbel_temperature")}({progress}, {FloatArgument("temperature", "1.0")}, {FloatArgument("min_temperature", "0.5")}, {FloatArgument("anneal_rate", "0.0")})";

    public string DrawFrom(string posterior, string progress) => Spec.Family switch
    {
        "Normal" => $"{Posterior(posterior)}.rsample()",
        "Categorical" => $"{Posterior(posterior)}.rsample({Temperature(progress)}{(Hard ? ", hard=True" : "")}).flatten(1)",
        _ => $"{Posterior(posterior)}.rsample({Temperature(progress)}{(Hard ? ", hard=True" : "")})",
    };

    public string Mean(string posterior) => Spec.Family switch
    {
        "Normal" when HasFlow => $"{Posterior(posterior)}.flowed_mean",
        "Normal" => $"{Posterior(posterior)}.mean",
        "Categorical" => $"{Posterior(posterior)}.probs.flatten(1)",
        _ => $"{Posterior(posterior)}.probs",
    };

    public string PriorSample(string count) => Spec.Family switch
    {
        "Normal" => $"{PriorField}.sample({count})",
        "Categorical" => $"{use.Name("distributions", "RelaxedCategorical")}(torch.zeros({count}, {Groups}, {Categories}, device=self.{Name}.weight.device)).rsample(1.0, hard=True).flatten(1)",
        _ => $"{use.Name("distributions", "RelaxedBernoulli")}(torch.zeros({count}, {Size}, device=self.{Name}.weight.device)).rsample(1.0, hard=True)",
    };

    public string PriorLogProb(string z) => $"{PriorField}.log_prob({z})";

    public string Kl(string posterior, string samples, bool monteCarlo)
    {
        if (!IsNormal) return $"{Posterior(posterior)}.kl_to_uniform()";
        if (HasFlow) return $"{PriorField}.kl_of_sample({Sample(samples)})";
        return monteCarlo
            ? $"{PriorField}.kl_monte_carlo({Posterior(posterior)}, {Sample(samples)})"
            : $"{PriorField}.kl({Posterior(posterior)}, {Sample(samples)})";
    }

    public string? KlMean(string posterior, string samples, bool monteCarlo) =>
        IsNormal && !monteCarlo && !HasFlow ? $"{PriorField}.kl_mean({Posterior(posterior)}, {Sample(samples)})" : null;

    public string? KlPerDimension(string posterior) => Spec.Family switch
    {
        "Normal" when PriorConstruct.ClosedFormKl && !HasFlow => $"{PriorField}.kl_per_dimension({Posterior(posterior)})",
        "Normal" => null,
        _ => $"{Posterior(posterior)}.kl_to_uniform_per_variable()",
    };
}
