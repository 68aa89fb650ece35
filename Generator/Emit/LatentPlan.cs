using System.Collections.Generic;
using System.Linq;
using VaeDsl.Dsl.Catalog;
using VaeDsl.Dsl.Model;

namespace VaeDsl.Generator.Emit;

/// <summary>What the emitter writes for one latent: its head, posterior, prior, samples and KL, as C# text.</summary>
internal sealed class LatentPlan
{
    private const string Rt = "global::VaeDsl.Runtime";
    private const string Dist = Rt + ".Distributions";

    public LatentPlan(LatentSpec latent, PriorSpec prior)
    {
        Spec = latent;
        Prior = prior;
        Pascal = Names.Pascal(latent.Name);
        if (latent.Family is not ("Normal" or "Categorical" or "Bernoulli"))
        {
            throw new UnsupportedConstructException(latent.Span, $"the latent family '{latent.Family}'");
        }
        // Every prior is a Runtime module held in the field {latent}_prior: a NormalPrior for a Normal latent, the
        // UniformPrior for a relaxed one.
        var construct = ConstructCatalog.Find(ConstructKind.Prior, prior.Family);
        if (construct is null || construct.Runtime is null || !construct.Fits.Contains(latent.Family))
        {
            throw new UnsupportedConstructException(prior.Span, $"the prior '{prior.Family}' of a {latent.Family} latent");
        }
        if (latent.Flow is { } flow)
        {
            FlowConstruct = ConstructCatalog.Find(ConstructKind.Flow, flow.Kind);
            if (FlowConstruct?.Runtime is null || !FlowConstruct.Fits.Contains(latent.Family))
            {
                throw new UnsupportedConstructException(flow.Span, $"the flow '{flow.Kind}' of a {latent.Family} latent");
            }
        }
    }

    /// <summary>The catalogue entry of the latent's flow, or null without one.</summary>
    private Construct? FlowConstruct { get; }

    /// <summary>The latent's Normal sample goes through a flow: its posterior is a <c>FlowedNormal</c>, its sample a
    /// <c>PosteriorSample</c> carrying log q(z_K|x), and its KL Monte Carlo.</summary>
    public bool HasFlow => FlowConstruct is not null;

    /// <summary>The flow reads the features the heads read (an IAF with <c>context: true</c>, an amortised planar or
    /// radial flow).</summary>
    public bool FlowReadsContext => FlowConstruct?.ContextParameter is { } parameter && Spec.Flow!.Arguments.Any(a => a.Name == parameter && a.Word == "true");

    public string FlowFieldName => Name + "_flow";

    /// <summary>The flow module's field as code refers to it.</summary>
    public string FlowField => "this." + FlowFieldName;

    public string FlowType => $"{Rt}.{FlowConstruct!.Runtime}";

    /// <summary>The flow's construction: the latent size, then its arguments in catalogue order (the context switch
    /// becomes the size of the features read, <paramref name="features"/>).</summary>
    public string NewFlow(string options, string features)
    {
        var arguments = new List<string> { Size(options) };
        foreach (var parameter in FlowConstruct!.Parameters.Where(p => p.Name != FlowConstruct.ContextParameter))
        {
            arguments.Add(Spec.Flow!.Arguments.FirstOrDefault(a => a.Name == parameter.Name)?.Number is { } expr
                ? ExprEmitter.Emit(expr, options)
                : ExprEmitter.Literal(parameter.NumberDefault!.Value, NumberKind.Int));
        }
        if (FlowReadsContext) arguments.Add($"contextFeatures: {features}");
        return $"new {FlowType}({string.Join(", ", arguments)})";
    }

    /// <summary>The flow as the docs show it: <c>planar(steps: 4)</c>.</summary>
    public string FlowText => HasFlow
        ? Spec.Flow!.Kind + "(" + string.Join(", ", Spec.Flow.Arguments
            .Where(a => FlowConstruct!.Parameter(a.Name) is not { OmittedWhenDefault: true } parameter || a.Word != parameter.DefaultText)
            .Select(a => a.Name + ": " + (a.Word ?? ExprEmitter.Literal(a.Number!.Value, a.Number.Kind)))) + ")"
        : "";

    /// <summary>The type of a sample in the output record: a tensor, or for a flowed latent the sample with its log-density.</summary>
    public string SampleType => HasFlow ? $"{Dist}.PosteriorSample" : "global::TorchSharp.torch.Tensor";

    /// <summary>The code [B, size] of a sample expression (a flowed sample's value).</summary>
    public string Value(string sample) => HasFlow ? sample + ".Value" : sample;

    public LatentSpec Spec { get; }

    public PriorSpec Prior { get; }

    public string Name => Spec.Name;

    /// <summary>The head field as code refers to it: through <c>this.</c>, like every member, so that no parameter or
    /// local can hide it.</summary>
    public string Field => "this." + Name;

    public string Pascal { get; }

    /// <summary>The local variable or parameter holding a value of this latent: the latent's own name. The generated
    /// methods' own parameters and locals are names the front end refuses for a latent.</summary>
    public string Local => Name;

    public bool IsNormal => Spec.Family == "Normal";

    public bool IsRelaxed => !IsNormal;

    public string PriorFieldName => Name + "_prior";

    /// <summary>The prior module's field as code refers to it.</summary>
    public string PriorField => "this." + PriorFieldName;

    public string Size(string options) => ExprEmitter.Emit(Spec.Size, options);

    public string PosteriorType => Spec.Family switch
    {
        "Normal" when HasFlow => $"{Dist}.FlowedNormal",
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
        "Normal" when HasFlow => $"new {PosteriorType}({Field}.forward({features}), {FlowField}{(FlowReadsContext ? ", " + features : "")})",
        "Normal" => $"{Field}.forward({features})",
        "Categorical" => $"new {PosteriorType}({Field}.forward({features}).view(-1, {Groups("this.Options")}, {Categories("this.Options")}))",
        _ => $"new {PosteriorType}({Field}.forward({features}))",
    };

    private string Groups(string options) => Number("groups", options) ?? "1";

    private string Categories(string options) => Number("categories", options) ?? Size(options);

    public string? Number(string name, string options) =>
        Spec.Arguments.FirstOrDefault(a => a.Name == name)?.Number is { } expr ? ExprEmitter.Emit(expr, options) : null;

    private string Double(string name, string fallback) =>
        Spec.Arguments.FirstOrDefault(a => a.Name == name)?.Number is { } expr ? ExprEmitter.EmitDouble(expr, "this.Options") : fallback;

    private bool Hard => Spec.Arguments.FirstOrDefault(a => a.Name == "hard")?.Word == "true";

    /// <summary>The annealed temperature at <c>progress</c>.</summary>
    public string Temperature(string progress) =>
        $"{Dist}.GumbelTemperature.At({progress}, {Double("temperature", "1.0")}, {Double("min_temperature", "0.5")}, {Double("anneal_rate", "0.0")})";

    /// <summary>A (reparameterised or relaxed) sample of this latent from the posterior, flattened to [B, size]; for a
    /// flowed latent the sample with its log-density (its code is <see cref="Value"/>).</summary>
    public string Sample(string posterior, string progress) => Spec.Family switch
    {
        "Normal" => $"{posterior}.{Pascal}.Sample()",
        "Categorical" => $"{posterior}.{Pascal}.Sample({Temperature(progress)}{(Hard ? ", hard: true" : "")}).flatten(1)",
        _ => $"{posterior}.{Pascal}.Sample({Temperature(progress)}{(Hard ? ", hard: true" : "")})",
    };

    /// <summary>The posterior's mean, [B, size]: what reconstructions decode.</summary>
    public string Mean(string posterior) => Spec.Family switch
    {
        "Normal" when HasFlow => $"{posterior}.{Pascal}.FlowedMean",
        "Normal" => $"{posterior}.{Pascal}.Mean",
        "Categorical" => $"{posterior}.{Pascal}.Probabilities.flatten(1)",
        _ => $"{posterior}.{Pascal}.Probabilities",
    };

    /// <summary><c>count</c> samples from the prior, [count, size].</summary>
    public string PriorSample(string count) => IsNormal ? $"{PriorField}.Sample({count})" : $"{PriorField}.Sample({count}, this.Device)";

    /// <summary>log p(z) per example, [B], for a Normal latent.</summary>
    public string PriorLogProb(string z) => $"{PriorField}.LogProb({z})";

    /// <summary>The Runtime class of the latent's prior, from the catalogue: a <c>NormalPrior</c>, or the <c>UniformPrior</c>
    /// of a relaxed latent.</summary>
    public string PriorModuleType => $"{Rt}.{PriorConstruct.Runtime}";

    private Construct PriorConstruct => ConstructCatalog.Find(ConstructKind.Prior, Prior.Family)!;

    /// <summary>The prior mixes the encoder's posteriors (the VampPrior), so it needs inputs without a condition.</summary>
    public bool PriorTakesEncoder => PriorConstruct.TakesEncoder;

    /// <summary>The prior's construction: the latent size, then its arguments by name in catalogue order (then the
    /// encoder and input shape for a prior that mixes posteriors).</summary>
    public string NewPriorModule(string options, string inputShape)
    {
        if (Spec.Family == "Categorical") return $"{PriorModuleType}.Categorical({Groups(options)}, {Categories(options)})";
        if (!IsNormal) return $"{PriorModuleType}.Bits({Size(options)})";
        var arguments = new List<string> { Size(options) };
        foreach (var parameter in PriorConstruct.Parameters)
        {
            var value = Prior.Arguments.FirstOrDefault(a => a.Name == parameter.Name)?.Number is { } expr
                ? ExprEmitter.Emit(expr, options)
                : ExprEmitter.Literal(parameter.NumberDefault!.Value, NumberKind.Int);
            arguments.Add($"{parameter.RuntimeName}: {value}");
        }
        if (PriorConstruct.TakesEncoder) arguments.Add($"u => {Field}.forward(this.encoder.forward(u)), {inputShape}");
        return $"new {PriorModuleType}({string.Join(", ", arguments)})";
    }

    /// <summary>KL(q ‖ p) per example, [B], analytic or single-sample Monte Carlo as the checker decided.</summary>
    public string Kl(string posterior, string sample, bool monteCarlo)
    {
        var q = $"{posterior}.{Pascal}";
        if (!IsNormal) return $"{PriorField}.Kl({q})";
        if (HasFlow) return $"{PriorField}.KlMonteCarlo({sample})";
        return monteCarlo ? $"{PriorField}.KlMonteCarlo({q}, {sample})" : $"{PriorField}.Kl({q}, {sample})";
    }

    /// <summary>KL(q ‖ p) averaged over the batch, which a prior may fuse into one reduction; null for a relaxed latent.</summary>
    public string? KlMean(string posterior, string sample, bool monteCarlo) =>
        IsNormal && !monteCarlo && !HasFlow ? $"{PriorField}.KlMean({posterior}.{Pascal}, {sample})" : null;

    /// <summary>KL per example and dimension, [B, d], where a closed form gives it (free bits need it).</summary>
    public string? KlPerDimension(string posterior) => Spec.Family switch
    {
        "Normal" when PriorConstruct.ClosedFormKl && !HasFlow => $"{PriorField}.KlPerDimension({posterior}.{Pascal})!",
        "Normal" => null,
        // Relaxed latents: per categorical variable (group) or per bit.
        _ => $"{PriorField}.KlPerVariable({posterior}.{Pascal})",
    };
}
