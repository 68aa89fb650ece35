using System.Collections;
using System.Collections.Generic;

namespace VaeDsl.Runtime.Training;

/// <summary>The metrics of every epoch of a run, in order.</summary>
public sealed class TrainingHistory : IReadOnlyList<EpochMetrics>
{
    private readonly List<EpochMetrics> epochs = new();

    /// <summary>The metrics of the epoch at <paramref name="index"/> (0-based).</summary>
    public EpochMetrics this[int index] => epochs[index];

    /// <summary>The number of epochs recorded.</summary>
    public int Count => epochs.Count;

    /// <summary>The last epoch's metrics, or null before the first epoch ends.</summary>
    public EpochMetrics? Last => epochs.Count == 0 ? null : epochs[^1];

    /// <inheritdoc />
    public IEnumerator<EpochMetrics> GetEnumerator() => epochs.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal void Add(EpochMetrics metrics) => epochs.Add(metrics);

    internal void Clear() => epochs.Clear();
}
