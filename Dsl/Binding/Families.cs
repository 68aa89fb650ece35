using System.Collections.Generic;

namespace VaeDsl.Dsl.Binding;

/// <summary>Parameter lists of latent families, priors, likelihoods and conditions.</summary>
internal static class Families
{
    private static ParameterSpec[] Relaxed(ParameterSpec first, bool categorical)
    {
        var list = new List<ParameterSpec> { first };
        if (categorical) list.Add(ParameterSpec.Int("groups", defaultValue: 1));
        list.Add(ParameterSpec.Float("temperature", ValueRange.Positive, 1.0));
        list.Add(ParameterSpec.Float("min_temperature", ValueRange.Positive, 0.5));
        list.Add(ParameterSpec.Float("anneal_rate", ValueRange.NonNegative, 0.0));
        list.Add(ParameterSpec.Bool("hard", false));
        return list.ToArray();
    }

    public static readonly IReadOnlyDictionary<string, IReadOnlyList<ParameterSpec>> Latents = new Dictionary<string, IReadOnlyList<ParameterSpec>>
    {
        ["Normal"] = new[] { ParameterSpec.Int("size") },
        ["Categorical"] = Relaxed(ParameterSpec.Int("categories", ValueRange.AtLeastTwo), true),
        ["Bernoulli"] = Relaxed(ParameterSpec.Int("size"), false),
    };

    public static readonly IReadOnlyDictionary<string, IReadOnlyList<ParameterSpec>> Priors = new Dictionary<string, IReadOnlyList<ParameterSpec>>
    {
        ["StandardNormal"] = new ParameterSpec[0],
        ["LearnedNormal"] = new ParameterSpec[0],
        ["MixtureOfGaussians"] = new[] { ParameterSpec.Int("components", defaultValue: 10) },
        ["VampPrior"] = new[] { ParameterSpec.Int("pseudo_inputs", defaultValue: 500) },
        ["Uniform"] = new ParameterSpec[0],
    };

    public static readonly IReadOnlyDictionary<string, IReadOnlyList<ParameterSpec>> Likelihoods = new Dictionary<string, IReadOnlyList<ParameterSpec>>
    {
        ["Bernoulli"] = new ParameterSpec[0],
        ["Gaussian"] = new[]
        {
            new ParameterSpec("variance", ValueType.NumberOrWord, ValueRange.Positive, NumberDefault: 1.0, Words: new[] { "learned" }),
            ParameterSpec.Choice("per", "scalar", "scalar", "element"),
        },
        ["Laplace"] = new[] { new ParameterSpec("scale", ValueType.NumberOrWord, ValueRange.Positive, NumberDefault: 1.0, Words: new[] { "learned" }) },
        ["Categorical256"] = new ParameterSpec[0],
    };

    public static readonly IReadOnlyDictionary<string, IReadOnlyList<ParameterSpec>> Conditions = new Dictionary<string, IReadOnlyList<ParameterSpec>>
    {
        ["onehot"] = new[] { ParameterSpec.Int("classes") },
        ["vector"] = new[] { ParameterSpec.Int("size") },
    };

    /// <summary>Priors that fit each posterior family; the first is the default when no prior is written.</summary>
    public static IReadOnlyList<string> PriorsFor(string latentFamily) =>
        latentFamily == "Normal" ? new[] { "StandardNormal", "LearnedNormal", "MixtureOfGaussians", "VampPrior" } : new[] { "Uniform" };

    /// <summary>"analytic" where KL(q‖p) has a closed form, else "monte_carlo".</summary>
    public static string KlMethod(string latentFamily, string priorFamily) =>
        priorFamily is "StandardNormal" or "LearnedNormal" or "Uniform" ? "analytic" : "monte_carlo";

    public static string List(IEnumerable<string> names)
    {
        var list = new List<string>(names);
        return list.Count == 1 ? list[0] : string.Join(", ", list.GetRange(0, list.Count - 1)) + " or " + list[list.Count - 1];
    }
}
