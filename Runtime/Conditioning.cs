using System;
using static TorchSharp.torch;

namespace VaeDsl.Runtime;

/// <summary>Turns a batch's condition into the features a conditional model concatenates to its layers.</summary>
public static class Conditioning
{
    /// <summary>One-hot encodes class labels [B] (integers in 0..classes−1) as float features [B, classes].</summary>
    /// <exception cref="ArgumentException">The labels are not a 1-D integer tensor or lie outside 0..classes−1.</exception>
    public static Tensor OneHot(Tensor labels, long classes)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.dim() != 1 || labels.dtype is not (ScalarType.Int64 or ScalarType.Int32 or ScalarType.Int16 or ScalarType.Byte))
        {
            throw new ArgumentException($"a one-hot condition takes class labels of shape [batch] and an integer type, not [{string.Join(", ", labels.shape)}] {labels.dtype}", nameof(labels));
        }
        var indices = labels.to_type(ScalarType.Int64);
        // One read per call on the training path; the range for the message is found only when a label is bad.
        if (indices.numel() > 0 && (indices.lt(0) | indices.ge(classes)).any().item<bool>())
        {
            throw new ArgumentException($"class labels must lie in 0..{classes - 1}, but they range over {indices.min().item<long>()}..{indices.max().item<long>()}", nameof(labels));
        }
        return nn.functional.one_hot(indices, classes).to_type(ScalarType.Float32);
    }

    /// <summary>Checks a vector condition [B, size] and returns it as float features.</summary>
    /// <exception cref="ArgumentException">The condition does not have the shape [batch, size].</exception>
    public static Tensor Vector(Tensor condition, long size)
    {
        ArgumentNullException.ThrowIfNull(condition);
        if (condition.dim() != 2 || condition.shape[1] != size)
        {
            throw new ArgumentException($"a vector condition must have the shape [batch, {size}], not [{string.Join(", ", condition.shape)}]", nameof(condition));
        }
        return condition.to_type(ScalarType.Float32);
    }

    /// <summary>The condition of a conditional model's call, or a clear error when it is missing.</summary>
    public static Tensor Required(Tensor? condition, string model) =>
        condition ?? throw new ArgumentNullException(nameof(condition), $"{model} is a conditional model: pass its condition (the labels of the batch)");
}
