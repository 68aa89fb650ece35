using System.Collections.Generic;
using System.Linq;
using VaeDsl.Dsl.Model;

namespace VaeDsl.Generator.Emit;

/// <summary>What the emitter writes for one latent: its head, posterior, prior, samples and KL, as C# text.</summary>
internal sealed class LatentPlan
{
    private const string Rt = "global::VaeDsl.Runtime";
    private const string Dist = Rt + ".Distributions";

    /// <summary>Names of parameters and locals of generated methods; a latent or condition with one of these
    /// names gets a local of another name.</summary>
    public static readonly HashSet<string> LocalNames = new()
    {
        "x", "o", "posterior", "features", "output", "logits", "mean", "location", "progress", "count", "condition",
        "recon", "kl", "tc", "mmd", "iwae", "total", "input", "samples", "p", "options", "code", "parts",
    };

    public LatentPlan(LatentSpec latent, PriorSpec prior)
    {
        Spec = latent;
        Prior = prior;
        Pascal = Names.Pascal(latent.Name);
        Local = LocalNames.Contains(latent.Name) ? latent.Name + "Value" : latent.Name;
        if (latent.Family is not ("Normal" or "Categorical" or "Bernoulli"))
        {
            throw new UnsupportedConstructException(latent.Span, $"the latent family '{latent.Family}'");
        }
        if (prior.Family is not ("StandardNormal" or "LearnedNormal" or "MixtureOfGaussians" or "VampPrior" or "Uniform"))
        {
            throw new UnsupportedConstructException(prior.Span, $"the prior '{prior.Family}'");
        }
    }

    public LatentSpec Spec { get; }

    public PriorSpec Prior { get; }

    public string Name => Spec.Name;

    /// <summary>The head field as code refers to it: qualified when a local of the same name would hide it.</summary>
    public string Field => LocalNames.Contains(Name) ? "this." + Name : Name;

    public string Pascal { get; }

    /// <summary>The local variable holding this latent's sample.</summary>
    public string Local { get; }

    public bool IsNormal => Spec.Family == "Normal";

    public bool IsRelaxed => !IsNormal;

    /// <summary>The prior has parameters of its own, held in a field named <c>{latent}_prior</c>.</summary>
    public bool HasPriorModule => Prior.Family is "LearnedNormal" or "MixtureOfGaussians" or "VampPrior";

    public string PriorField => Name + "_prior";

    public string Size(string options) => ExprEmitter.Emit(Spec.Size, options);

    public string PosteriorType => Spec.Family switch
    {
        "Normal" => $"{Dist}.DiagonalNormal",
        "Categorical" => $"{Dist}.RelaxedCategorical",
        _ => $"{Dist}.RelaxedBernoulli",
    };

    public string HeadType => IsNormal ? $"{Dist}.DiagonalNormalHead" : "global::TorchSharp.Modules.Linear";

    public string NewHead(string features, string options) => IsNormal
        ? $"new {HeadType}({features}, {Size(options)})"
        : $"global::TorchSharp.torch.nn.Linear({features}, {Size(options)})";

    public string PosteriorFrom(string features) => Spec.Family switch
    {
        "Normal" => $"{Field}.forward({features})",
        "Categorical" => $"new {PosteriorType}({Field}.forward({features}).view(-1, {Groups("Options")}, {Categories("Options")}))",
        _ => $"new {PosteriorType}({Field}.forward({features}))",
    };

    private string Groups(string options) => Number("groups", options) ?? "1";

    private string Categories(string options) => Number("categories", options) ?? Size(options);

    public string? Number(string name, string options) =>
        Spec.Arguments.FirstOrDefault(a => a.Name == name)?.Number is { } expr ? ExprEmitter.Emit(expr, options) : null;

    private string Double(string name, string fallback) =>
        Spec.Arguments.FirstOrDefault(a => a.Name == name)?.Number is { } expr ? ExprEmitter.EmitDouble(expr, "Options") : fallback;

    private bool Hard => Spec.Arguments.FirstOrDefault(a => a.Name == "hard")?.Word == "true";

    /// <summary>The annealed temperature at <c>progress</c>.</summary>
    public string Temperature(string progress) =>
        $"{Dist}.GumbelTemperature.At({progress}, {Double("temperature", "1.0")}, {Double("min_temperature", "0.5")}, {Double("anneal_rate", "0.0")})";

    /// <summary>A (reparameterised or relaxed) sample of this latent from the posterior, flattened to [B, size].</summary>
    public string Sample(string posterior, string progress) => Spec.Family switch
    {
        "Normal" => $"{posterior}.{Pascal}.Sample()",
        "Categorical" => $"{posterior}.{Pascal}.Sample({Temperature(progress)}{(Hard ? ", hard: true" : "")}).flatten(1)",
        _ => $"{posterior}.{Pascal}.Sample({Temperature(progress)}{(Hard ? ", hard: true" : "")})",
    };

    /// <summary>The posterior's mean, [B, size]: what reconstructions decode.</summary>
    public string Mean(string posterior) => Spec.Family switch
    {
        "Normal" => $"{posterior}.{Pascal}.Mean",
        "Categorical" => $"{posterior}.{Pascal}.Probabilities.flatten(1)",
        _ => $"{posterior}.{Pascal}.Probabilities",
    };

    /// <summary><c>count</c> samples from the prior, [count, size].</summary>
    public string PriorSample(string count) => Prior.Family switch
    {
        "StandardNormal" => $"{Dist}.StandardNormalPrior.Sample({count}, {Size("Options")})",
        "LearnedNormal" or "MixtureOfGaussians" => $"{PriorField}.Sample({count})",
        "VampPrior" => $"{PriorField}.Sample({count}, Encode{Pascal})",
        _ when Spec.Family == "Categorical" => $"new {PosteriorType}(global::TorchSharp.torch.zeros({count}, {Groups("Options")}, {Categories("Options")})).Sample(1.0, hard: true).flatten(1)",
        _ => $"new {PosteriorType}(global::TorchSharp.torch.zeros({count}, {Size("Options")})).Sample(1.0, hard: true)",
    };

    /// <summary>log p(z) per example, [B], for a Normal latent.</summary>
    public string PriorLogProb(string z) => Prior.Family switch
    {
        "StandardNormal" => $"{Dist}.StandardNormalPrior.LogProb({z})",
        "VampPrior" => $"{PriorField}.LogProb({z}, Encode{Pascal})",
        _ => $"{PriorField}.LogProb({z})",
    };

    public string? PriorModuleType => Prior.Family switch
    {
        "LearnedNormal" => $"{Dist}.LearnedNormalPrior",
        "MixtureOfGaussians" => $"{Dist}.MixtureOfGaussiansPrior",
        "VampPrior" => $"{Dist}.VampPrior",
        _ => null,
    };

    public string NewPriorModule(string options, string inputShape) => Prior.Family switch
    {
        "LearnedNormal" => $"new {PriorModuleType}({Size(options)})",
        "MixtureOfGaussians" => $"new {PriorModuleType}({PriorNumber("components", options, "10")}, {Size(options)})",
        _ => $"new {PriorModuleType}({PriorNumber("pseudo_inputs", options, "500")}, {inputShape})",
    };

    private string PriorNumber(string name, string options, string fallback) =>
        Prior.Arguments.FirstOrDefault(a => a.Name == name)?.Number is { } expr ? ExprEmitter.Emit(expr, options) : fallback;

    /// <summary>KL(q ‖ p) per example, [B], analytic or single-sample Monte Carlo as the checker decided.</summary>
    public string Kl(string posterior, string sample, bool monteCarlo)
    {
        var q = $"{posterior}.{Pascal}";
        if (!IsNormal) return $"{q}.KlToUniform()";
        if (monteCarlo || Prior.Family is "MixtureOfGaussians" or "VampPrior")
        {
            return $"{q}.KlMonteCarlo({sample}, {PriorLogProb(sample)})";
        }
        return Prior.Family == "LearnedNormal" ? $"{PriorField}.KlFrom({q})" : $"{q}.KlToStandardNormal()";
    }

    /// <summary>KL(q ‖ p) averaged over the batch as one reduction, where the Runtime has one; else null.</summary>
    public string? KlMean(string posterior, bool monteCarlo) =>
        IsNormal && Prior.Family == "StandardNormal" && !monteCarlo ? $"{posterior}.{Pascal}.KlToStandardNormalMean()" : null;

    /// <summary>KL per example and dimension, [B, d], where a closed form gives it (free bits need it).</summary>
    public string? KlPerDimension(string posterior) => Prior.Family switch
    {
        "StandardNormal" when IsNormal => $"{posterior}.{Pascal}.KlToStandardNormalPerDimension()",
        "LearnedNormal" => $"{posterior}.{Pascal}.KlToPerDimension({PriorField}.Mean, {PriorField}.LogVar)",
        // Relaxed latents: per categorical variable (group) or per bit.
        "Uniform" when IsRelaxed => $"{posterior}.{Pascal}.KlToUniformPerVariable()",
        _ => null,
    };
}
