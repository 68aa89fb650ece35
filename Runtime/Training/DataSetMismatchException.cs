using System;

namespace VaeDsl.Runtime.Training;

/// <summary>
/// A data set given to <see cref="Trainer.Fit"/> or <see cref="Trainer.Evaluate(Data.TensorDataSet)"/> does not fit the model: its
/// examples have another shape than the model's input, are not floating point, or lack the labels a conditional
/// model needs. The message names the set, the model and the fix.
/// </summary>
public sealed class DataSetMismatchException : ArgumentException
{
    /// <summary>Creates the exception for the <paramref name="set"/> set ("training", "test", "validation" or "evaluation").</summary>
    public DataSetMismatchException(string set, string message) : base(message) => Set = set;

    /// <summary>Which set does not fit.</summary>
    public string Set { get; }
}
