using System.Collections.Generic;
using TorchSharp.Modules;
using VaeDsl.Runtime.Distributions;
using VaeDsl.Runtime.Likelihoods;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Tests.Training;

/// <summary>A small Bernoulli VAE on 8-dimensional binary vectors, written the way generated code is.</summary>
internal sealed class TinyVae : VaeModule
{
    private readonly Sequential encoder;
    private readonly DiagonalNormalHead z;
    private readonly Sequential decoder;
    private long trainingCalls;

    public TinyVae() : base(nameof(TinyVae))
    {
        var encoderStack = new LayerStack(8).Linear(32).ReLU();
        encoder = encoderStack.Build();
        z = new DiagonalNormalHead(encoderStack.Shape[0], 2);
        decoder = new LayerStack(2).Linear(32).ReLU().Linear(8).Build();
        RegisterComponents();
    }

    /// <summary>When set, the KL term of this training call (1-based, counted over the whole run) is NaN.</summary>
    public long? NaNAtTrainingCall { get; init; }

    /// <summary>When set, the KL term's weight follows this schedule (a KL warm-up).</summary>
    public global::VaeDsl.Runtime.Training.Schedules.WeightSchedule? KlWarmup { get; init; }

    public override IReadOnlyList<long> InputShape { get; } = new long[] { 8 };

    public override LossBreakdown ComputeLoss(Tensor x, Tensor? condition, TrainingProgress progress)
    {
        var q = z.forward(encoder.forward(x));
        var logits = decoder.forward(q.Sample());
        var recon = -BernoulliLikelihood.LogProb(logits, x).mean();
        var kl = q.KlToStandardNormal().mean() * (KlWarmup?.Weight(progress) ?? 1.0);
        if (!progress.IsEvaluation && ++trainingCalls == NaNAtTrainingCall)
        {
            kl = kl * double.NaN;
        }

        return new LossBreakdown(recon + kl, new[] { new KeyValuePair<string, Tensor>("recon", recon), new KeyValuePair<string, Tensor>("kl", kl) });
    }

    public override Tensor Reconstruct(Tensor x, Tensor? condition = null) =>
        BernoulliLikelihood.Mean(decoder.forward(z.forward(encoder.forward(x)).Mean));

    public override Tensor Sample(long count, Tensor? condition = null) =>
        BernoulliLikelihood.Mean(decoder.forward(StandardNormalPrior.Sample(count, 2)));

    /// <summary>Two prototype patterns with 5% of the bits flipped: structure a 2-d latent can capture.</summary>
    public static global::VaeDsl.Runtime.Data.TensorDataSet SyntheticData(long count, long seed)
    {
        Seeding.Set(seed);
        var prototypes = tensor(new float[] { 1, 1, 1, 1, 0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0 }, new long[] { 2, 8 });
        var labels = randint(0, 2, new[] { count });
        var clean = prototypes.index_select(0, labels);
        var flips = (rand(count, 8) < 0.05f).to(ScalarType.Float32);
        return new global::VaeDsl.Runtime.Data.TensorDataSet((clean - flips).abs(), labels);
    }
}
