using System;
using System.Collections.Generic;

namespace VaeDsl.Runtime.Training;

/// <summary>Training stopped because the loss became NaN or infinite.</summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>Creates the exception for a non-finite loss at <paramref name="epoch"/> (1-based) and <paramref name="step"/> (1-based within the epoch).</summary>
    public TrainingDivergedException(int epoch, long step, IReadOnlyList<string> nonFiniteTerms, string detail)
        : base($"training diverged at epoch {epoch}, step {step}: {detail}")
    {
        Epoch = epoch;
        Step = step;
        NonFiniteTerms = nonFiniteTerms;
    }

    /// <summary>The epoch, 1-based.</summary>
    public int Epoch { get; }

    /// <summary>The step within the epoch, 1-based.</summary>
    public long Step { get; }

    /// <summary>The names of the terms that were not finite ("total" if only the total was).</summary>
    public IReadOnlyList<string> NonFiniteTerms { get; }
}
