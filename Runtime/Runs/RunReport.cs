using VaeDsl.Runtime.Training;

namespace VaeDsl.Runtime.Runs;

/// <summary>The figures of one training run.</summary>
/// <param name="History">The losses of every epoch.</param>
/// <param name="TestLogLikelihood">The importance-sampled mean test log p(x) in nats per example, or null when the model admits none.</param>
/// <param name="ActiveUnits">How many latent dimensions are active on the test set, or null when the model gives no posterior means.</param>
public sealed record RunReport(TrainingHistory History, double? TestLogLikelihood, int? ActiveUnits);
