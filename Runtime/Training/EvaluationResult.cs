using System.Collections.Generic;

namespace VaeDsl.Runtime.Training;

/// <summary>Mean loss and terms per example over a data set.</summary>
/// <param name="Loss">Mean total loss, nats per example.</param>
/// <param name="Terms">Mean of each named term, nats per example.</param>
/// <param name="Count">Number of examples evaluated.</param>
public sealed record EvaluationResult(double Loss, IReadOnlyDictionary<string, double> Terms, long Count)
{
    /// <summary>Figures of the model's state over the data set's batches, by name (a codebook's usage and perplexity,
    /// from <see cref="VaeModule.EndEvaluation"/>); empty for most models.</summary>
    public IReadOnlyDictionary<string, double> Statistics { get; init; } = new Dictionary<string, double>();
}
