using System;
using System.Collections.Generic;

namespace VaeDsl.Runtime.Training;

/// <summary>
/// Evaluation stopped because the loss of a batch of a validation, test or evaluation set was NaN or infinite: a
/// test loss that is silently NaN would also turn early stopping off. Names the examples of the batch, so a corrupt
/// example or an outlier (for example far outside the range of a Gaussian likelihood's training data) can be found.
/// </summary>
public sealed class NonFiniteEvaluationException : Exception
{
    /// <summary>Creates the exception for the batch of <paramref name="count"/> examples from index <paramref name="firstExample"/>.</summary>
    public NonFiniteEvaluationException(string set, long firstExample, long count, IReadOnlyList<string> nonFiniteTerms, string detail)
        : base($"the {set} loss of examples {firstExample} to {firstExample + count - 1} (0-based) is not finite: {detail}")
    {
        Set = set;
        FirstExample = firstExample;
        Count = count;
        NonFiniteTerms = nonFiniteTerms;
    }

    /// <summary>Which set was evaluated: "validation", "test" or "evaluation".</summary>
    public string Set { get; }

    /// <summary>Index of the batch's first example in the set.</summary>
    public long FirstExample { get; }

    /// <summary>Number of examples in the batch.</summary>
    public long Count { get; }

    /// <summary>The loss terms that were NaN or infinite ("total" when only their weighted sum was).</summary>
    public IReadOnlyList<string> NonFiniteTerms { get; }
}
