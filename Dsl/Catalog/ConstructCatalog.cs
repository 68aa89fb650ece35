using System.Collections.Generic;
using System.Linq;

namespace VaeDsl.Dsl.Catalog;

/// <summary>Every construct of the .vae language in one place: the single description the binder checks
/// against, the generator emits from, docs/language.md's tables are held against, and an editor answers
/// completion, hover and signature help from. Read-only; entries are in the order the docs list them.</summary>
public static partial class ConstructCatalog
{
    private static readonly IReadOnlyList<Construct> all = LayerEntries()
        .Concat(ConditionEntries())
        .Concat(LatentEntries())
        .Concat(FlowEntries())
        .Concat(PriorEntries())
        .Concat(InferenceEntries())
        .Concat(LikelihoodEntries())
        .Concat(LossTermEntries())
        .Concat(WeightScheduleEntries())
        .Concat(OptimizerEntries())
        .Concat(LearningRateScheduleEntries())
        .Concat(TrainingEntries())
        .ToArray();

    private static readonly Dictionary<(ConstructKind, string), Construct> byName = all.ToDictionary(c => (c.Kind, c.Name));

    private static readonly Dictionary<ConstructKind, IReadOnlyList<Construct>> byKind = all
        .GroupBy(c => c.Kind)
        .ToDictionary(g => g.Key, g => (IReadOnlyList<Construct>)g.ToArray());

    /// <summary>Every construct, grouped by kind in <see cref="ConstructKind"/> order.</summary>
    public static IReadOnlyList<Construct> All => all;

    /// <summary>The constructs of one kind, in catalogue order.</summary>
    public static IReadOnlyList<Construct> OfKind(ConstructKind kind) => byKind.TryGetValue(kind, out var list) ? list : new Construct[0];

    /// <summary>The construct of <paramref name="kind"/> called <paramref name="name"/> (names are case-sensitive), or null.</summary>
    public static Construct? Find(ConstructKind kind, string name) => name is not null && byName.TryGetValue((kind, name), out var construct) ? construct : null;

    /// <summary>The training settings: the parameters of the <c>train</c> construct.</summary>
    public static IReadOnlyList<ConstructParameter> TrainSettings => OfKind(ConstructKind.Training)[0].Parameters;

    /// <summary>The priors that fit a latent family; the first is the default when no prior is written.</summary>
    public static IReadOnlyList<Construct> PriorsFor(string latentFamily) =>
        OfKind(ConstructKind.Prior).Where(p => p.Fits.Contains(latentFamily)).ToArray();

    /// <summary>Where constructs of a kind may be written, as the docs and an editor's hover say it.</summary>
    public static string WhereItAppears(ConstructKind kind) => kind switch
    {
        ConstructKind.Layer => "a layer list: encoder, decoder, block, repeat or residual body",
        ConstructKind.Condition => "condition NAME: kind(…)",
        ConstructKind.LatentFamily => "latent NAME ~ Family(…)",
        ConstructKind.Flow => "after a Normal latent's family: latent NAME ~ Normal(…) flow kind(…)",
        ConstructKind.Prior => "prior NAME ~ Prior(…)",
        ConstructKind.Inference => "inference mode, in a model with a hierarchy of latents",
        ConstructKind.Likelihood => "likelihood Family(…)",
        ConstructKind.LossTerm => "the sum after loss =",
        ConstructKind.WeightSchedule => "after the loss sum, naming its term first: schedule(term, …)",
        ConstructKind.Optimizer => "optimizer: in train { … }",
        ConstructKind.LearningRateSchedule => "schedule: in train { … }",
        _ => "train { NAME: value, … } in a model",
    };

    /// <summary>A kind in words, singular: "layer", "latent family", "learning-rate schedule".</summary>
    public static string Describe(ConstructKind kind) => kind switch
    {
        ConstructKind.Layer => "layer",
        ConstructKind.Condition => "condition kind",
        ConstructKind.LatentFamily => "latent family",
        ConstructKind.Flow => "flow",
        ConstructKind.Prior => "prior",
        ConstructKind.Inference => "inference mode",
        ConstructKind.Likelihood => "likelihood",
        ConstructKind.LossTerm => "loss term",
        ConstructKind.WeightSchedule => "schedule",
        ConstructKind.Optimizer => "optimizer",
        ConstructKind.LearningRateSchedule => "learning-rate schedule",
        _ => "training block",
    };

    /// <summary>A range in words: "at least 1", "in [0, 1)", "finite".</summary>
    public static string Describe(ValueRange range) => range switch
    {
        ValueRange.Positive => "greater than 0",
        ValueRange.AtLeastOne => "at least 1",
        ValueRange.AtLeastTwo => "at least 2",
        ValueRange.NonNegative => "at least 0",
        ValueRange.Probability => "in [0, 1)",
        ValueRange.UnitInterval => "in [0, 1]",
        ValueRange.OpenUnitInterval => "in (0, 1]",
        _ => "finite",
    };

    /// <summary>Whether <paramref name="value"/> lies in <paramref name="range"/> (NaN and infinities never do).</summary>
    public static bool InRange(ValueRange range, double value) => range switch
    {
        ValueRange.Positive => value > 0 && !double.IsInfinity(value),
        ValueRange.AtLeastOne => value >= 1 && !double.IsInfinity(value),
        ValueRange.AtLeastTwo => value >= 2 && !double.IsInfinity(value),
        ValueRange.NonNegative => value >= 0 && !double.IsInfinity(value),
        ValueRange.Probability => value >= 0 && value < 1,
        ValueRange.UnitInterval => value >= 0 && value <= 1,
        ValueRange.OpenUnitInterval => value > 0 && value <= 1,
        _ => !double.IsNaN(value) && !double.IsInfinity(value),
    };
}
