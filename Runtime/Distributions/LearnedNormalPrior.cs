using System;
using TorchSharp;
using TorchSharp.Modules;
using VaeDsl.Runtime.Numerics;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Distributions;

/// <summary>A diagonal normal prior with learned parameters <c>mean</c> and <c>log_var</c> [d], initialised to N(0, I).</summary>
public sealed class LearnedNormalPrior : NormalPrior
{
#pragma warning disable IDE1006 // field names are state_dict keys
    private readonly Parameter mean;
    private readonly Parameter log_var;
#pragma warning restore IDE1006

    /// <summary>Creates the prior over <paramref name="latentSize"/> dimensions.</summary>
    public LearnedNormalPrior(long latentSize) : base(nameof(LearnedNormalPrior), latentSize)
    {
        mean = new Parameter(zeros(latentSize));
        log_var = new Parameter(zeros(latentSize));
        RegisterComponents();
    }

    /// <summary>The prior mean, [d].</summary>
    public Tensor Mean => mean;

    /// <summary>The prior log-variance, [d].</summary>
    public Tensor LogVar => log_var;

    /// <summary>Analytic KL(q ‖ p) per example, [B].</summary>
    public Tensor KlFrom(DiagonalNormal posterior)
    {
        ArgumentNullException.ThrowIfNull(posterior);
        return posterior.KlTo(mean, log_var);
    }

    /// <inheritdoc/>
    public override Tensor? ClosedFormKl(DiagonalNormal posterior) => KlFrom(posterior);

    /// <inheritdoc/>
    public override Tensor? KlPerDimension(DiagonalNormal posterior)
    {
        ArgumentNullException.ThrowIfNull(posterior);
        return posterior.KlToPerDimension(mean, log_var);
    }

    /// <summary>log p(z) per example, [B].</summary>
    public override Tensor LogProb(Tensor z)
    {
        ArgumentNullException.ThrowIfNull(z);
        var squared = (z - mean).square() * (-log_var).exp();
        return BatchReductions.SumExceptBatch(squared + log_var + LogConstants.LogTwoPi) * -0.5;
    }

    /// <summary><paramref name="count"/> samples, [count, d].</summary>
    public override Tensor Sample(long count) => mean + (log_var * 0.5).exp() * randn(count, mean.shape[0], device: mean.device);
}
