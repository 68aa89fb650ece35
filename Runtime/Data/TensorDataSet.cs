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

    /// <summary>
    /// When true, every batch is a fresh Bernoulli sample of its inputs (pixel value = probability of 1), so each
    /// epoch sees a new binarisation of every image: the dynamic binarisation of Burda et al. (2016). See
    /// <see cref="WithDynamicBinarization"/>.
    /// </summary>
    public bool DynamicBinarization { get; private init; }

    /// <summary>The shape of one input example.</summary>
    public IReadOnlyList<long> ExampleShape => Inputs.shape.Skip(1).ToArray();

    /// <summary>The first <paramref name="n"/> examples (all of them if there are fewer), sharing storage and keeping <see cref="DynamicBinarization"/>.</summary>
    public TensorDataSet Take(long n)
    {
        if (n < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, "the number of examples to take must be non-negative");
        }

        return Slice(0, Math.Min(n, Count));
    }

    /// <summary>The <paramref name="count"/> examples from <paramref name="start"/> on, sharing storage and keeping <see cref="DynamicBinarization"/>.</summary>
    public TensorDataSet Slice(long start, long count)
    {
        if (start < 0 || count < 0 || start + count > Count)
        {
            throw new ArgumentOutOfRangeException(nameof(start), $"examples [{start}, {start + count}) are outside the {Count} examples");
        }

        return new TensorDataSet(Inputs.narrow(0, start, count), Labels?.narrow(0, start, count)) { DynamicBinarization = DynamicBinarization };
    }

    /// <summary>The same examples, binarised afresh in every batch (see <see cref="DynamicBinarization"/>): for
    /// training; <see cref="BinarizedOnce"/> fixes a test set's binarisation instead.</summary>
    /// <exception cref="InvalidOperationException">An input lies outside [0, 1], so it is no probability.</exception>
    public TensorDataSet WithDynamicBinarization()
    {
        CheckProbabilities("dynamic binarisation");
        return new TensorDataSet(Inputs, Labels) { DynamicBinarization = true };
    }

    /// <summary>
    /// The same examples binarised once, each value 1 with the probability of its grey level, by a generator of its
    /// own seeded with <paramref name="seed"/>: the same binary test set in every run, and the global generator untouched.
    /// </summary>
    /// <exception cref="InvalidOperationException">An input lies outside [0, 1].</exception>
    public TensorDataSet BinarizedOnce(long seed)
    {
        CheckProbabilities("binarisation");
        using var generator = new TorchSharp.torch.Generator(unchecked((ulong)seed));
        return new TensorDataSet(bernoulli(Inputs, generator), Labels);
    }

    private void CheckProbabilities(string what)
    {
        if (!Inputs.is_floating_point())
        {
            throw new InvalidOperationException($"{what} needs floating-point inputs in [0, 1] but they are {Inputs.dtype}");
        }

        var (low, high) = (Inputs.min().item<float>(), Inputs.max().item<float>());
        if (!(low >= 0 && high <= 1))
        {
            throw new InvalidOperationException($"{what} needs inputs in [0, 1] (the probability of a 1) but they range from {low} to {high}; scale them to [0, 1] first");
        }
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

        return new TensorDataSet(Inputs.reshape(exampleShape.Prepend(Count).ToArray()), Labels) { DynamicBinarization = DynamicBinarization };
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
            return (Binarize(Inputs.narrow(0, start, size)), withLabels ? Labels?.narrow(0, start, size) : null);
        }

        var indices = order.narrow(0, start, size);
        return (Binarize(Inputs.index_select(0, indices)), withLabels ? Labels?.index_select(0, indices) : null);
    }

    /// <summary>As <see cref="Batch(Tensor?, long, long, bool)"/>, with both tensors on <paramref name="device"/>: the
    /// data set stays where it is (the CPU, usually) and each batch is copied to the model's device as it is taken (see
    /// <see cref="Training.ComputeDevice.To"/>).</summary>
    public (Tensor Inputs, Tensor? Labels) Batch(Tensor? order, long start, long size, bool withLabels, Device device)
    {
        var (inputs, labels) = Batch(order, start, size, withLabels);
        return (Training.ComputeDevice.To(inputs, device), labels is null ? null : Training.ComputeDevice.To(labels, device));
    }

    // From the global generator, so a seeded run (and a resumed one, whose checkpoint keeps the generator) repeats its draws.
    private Tensor Binarize(Tensor inputs) => DynamicBinarization ? bernoulli(inputs) : inputs;
}
