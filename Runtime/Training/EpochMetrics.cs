using System.Collections.Generic;

namespace VaeDsl.Runtime.Training;

/// <summary>The losses of one epoch in nats per example.</summary>
/// <param name="Epoch">The epoch number, 1-based.</param>
/// <param name="TrainLoss">Mean total loss over the training batches, weighted by batch size.</param>
/// <param name="TestLoss">Mean total loss on the test set after the epoch, or null without a test set.</param>
/// <param name="TrainTerms">Mean of each named term over the training batches.</param>
/// <param name="TestTerms">Mean of each named term on the test set, or null.</param>
/// <param name="Seconds">Wall-clock seconds of the epoch, evaluation included.</param>
/// <param name="ValidationLoss">Mean total loss on the held-out validation examples, or null.</param>
public sealed record EpochMetrics(
    int Epoch,
    double TrainLoss,
    double? TestLoss,
    IReadOnlyDictionary<string, double> TrainTerms,
    IReadOnlyDictionary<string, double>? TestTerms,
    double Seconds,
    double? ValidationLoss = null)
{
    /// <summary>
    /// The process's resident memory in bytes at the end of the epoch (after its evaluation, before the trainer gives
    /// unused native memory back), or null when it was not measured. It should stay level over a run.
    /// </summary>
    public long? ResidentBytes { get; init; }

    /// <summary>Figures of the model's state over the epoch's training batches, by name (a codebook's usage and
    /// perplexity, from <see cref="VaeModule.EndTrainingEpoch"/>); empty for most models.</summary>
    public IReadOnlyDictionary<string, double> Statistics { get; init; } = new Dictionary<string, double>();

    /// <summary>The same figures over the test set's batches, evaluated after the epoch (<see cref="VaeModule.EndEvaluation"/>);
    /// empty without a test set and for most models.</summary>
    public IReadOnlyDictionary<string, double> TestStatistics { get; init; } = new Dictionary<string, double>();
}
