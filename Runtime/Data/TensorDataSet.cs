using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Data;

/// <summary>
/// A data set held as one preloaded tensor of inputs [N, ...] (and optional labels [N, ...]); batches are slices of
/// it, taken in a fresh random order each epoch.
/// </summary>
public sealed class TensorDataSet
{
    /// <summary>Wraps <paramref name="inputs"/> [N, ...] and optional <paramref name="labels"/> [N, ...].</summary>
    public TensorDataSet(Tensor inputs, Tensor? labels = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.dim() < 1)
        {
            throw new ArgumentException("inputs must have a leading example dimension but are a scalar", nameof(inputs));
        }

        if (labels is not null && (labels.dim() < 1 || labels.shape[0] != inputs.shape[0]))
        {
            throw new ArgumentException(
                $"labels hold {(labels.dim() < 1 ? 0 : labels.shape[0])} examples but inputs hold {inputs.shape[0]}", nameof(labels));
        }

        Inputs = inputs;
        Labels = labels;
    }

    /// <summary>The number of examples.</summary>
    public long Count => Inputs.shape[0];

    /// <summary>All inputs, [N, ...].</summary>
    public Tensor Inputs { get; }

    /// <summary>All labels, [N, ...], or null.</summary>
    public Tensor? Labels { get; }

    /// <summary>The shape of one input example.</summary>
    public IReadOnlyList<long> ExampleShape => Inputs.shape.Skip(1).ToArray();

    /// <summary>The first <paramref name="n"/> examples (all of them if there are fewer), sharing storage.</summary>
    public TensorDataSet Take(long n)
    {
        if (n < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, "the number of examples to take must be non-negative");
        }

        var count = Math.Min(n, Count);
        return new TensorDataSet(Inputs.narrow(0, 0, count), Labels?.narrow(0, 0, count));
    }

    /// <summary>The same examples with each input reshaped to <paramref name="exampleShape"/> (same element count).</summary>
    public TensorDataSet Reshape(params long[] exampleShape)
    {
        ArgumentNullException.ThrowIfNull(exampleShape);
        var from = Inputs.shape.Skip(1).Aggregate(1L, (a, b) => a * b);
        var to = exampleShape.Aggregate(1L, (a, b) => a * b);
        if (exampleShape.Any(d => d <= 0) || from != to)
        {
            throw new ArgumentException(
                $"cannot reshape examples of shape [{string.Join(", ", Inputs.shape.Skip(1))}] ({from} values) to [{string.Join(", ", exampleShape)}] ({to} values)",
                nameof(exampleShape));
        }

        return new TensorDataSet(Inputs.reshape(exampleShape.Prepend(Count).ToArray()), Labels);
    }

    /// <summary>
    /// A random permutation of the example indices from the global generator; batches of one epoch are
    /// taken from it in order.
    /// </summary>
    public Tensor ShuffledOrder() => randperm(Count, dtype: ScalarType.Int64, device: Inputs.device);

    /// <summary>
    /// The batch of <paramref name="order"/>[start .. start + size) (or of examples start .. start + size when
    /// <paramref name="order"/> is null, without copying).
    /// </summary>
    public (Tensor Inputs, Tensor? Labels) Batch(Tensor? order, long start, long size) => Batch(order, start, size, withLabels: true);

    /// <summary>As <see cref="Batch(Tensor?, long, long)"/>; without labels when <paramref name="withLabels"/> is false,
    /// which saves gathering them for a model that ignores its condition.</summary>
    public (Tensor Inputs, Tensor? Labels) Batch(Tensor? order, long start, long size, bool withLabels)
    {
        if (start < 0 || size <= 0 || start + size > Count)
        {
            throw new ArgumentOutOfRangeException(nameof(start), $"batch [{start}, {start + size}) is outside the {Count} examples");
        }

        if (order is null)
        {
            return (Inputs.narrow(0, start, size), withLabels ? Labels?.narrow(0, start, size) : null);
        }

        var indices = order.narrow(0, start, size);
        return (Inputs.index_select(0, indices), withLabels ? Labels?.index_select(0, indices) : null);
    }
}
