using System;
using VaeDsl.Runtime.Data;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Evaluation;

/// <summary>The importance-sampled estimate of the test log-likelihood, log p(x), averaged over a data set.</summary>
public static class LogLikelihood
{
    /// <summary>How many groups the samples of one example are drawn in: the spread of the groups' means gives the
    /// Monte Carlo error, and each group costs one more encoder pass.</summary>
    private const int Groups = 4;

    /// <summary>
    /// The mean of log p(x) over <paramref name="data"/> in nats per example, estimated with <paramref name="samples"/>
    /// importance samples per example (Burda et al., 2016), with its Monte Carlo standard error.
    /// </summary>
    /// <param name="model">The model; put in eval mode for the estimate and restored after.</param>
    /// <param name="data">The examples (and conditions).</param>
    /// <param name="samples">Importance samples per example, K; Burda et al. use 5,000.</param>
    /// <param name="batchSize">Examples whose samples are decoded at once: the memory bound. One decoder pass over this
    /// many examples is held at a time, whatever <paramref name="samples"/> is (the samples are drawn one after another).</param>
    /// <exception cref="NotSupportedException">The model's latents admit no such estimate.</exception>
    public static LogLikelihoodEstimate Estimate(VaeModule model, TensorDataSet data, int samples = 100, int batchSize = 100)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        if (samples < 1) throw new ArgumentOutOfRangeException(nameof(samples), samples, "at least one sample is needed");
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "at least one example per batch is needed");
        if (data.Count == 0) throw new ArgumentException("the data set has no examples to estimate log p(x) on", nameof(data));
        var groups = Math.Min(Groups, samples);
        var wasTraining = model.training;
        model.eval();
        try
        {
            var total = 0.0;
            var variance = 0.0;
            for (long start = 0; start < data.Count; start += batchSize)
            {
                using var scope = NewDisposeScope();
                using var noGrad = no_grad();
                var size = Math.Min(batchSize, data.Count - start);
                var (x, condition) = data.Batch(null, start, size, withLabels: true, model.Device);
                var groupEstimates = new Tensor[groups];
                var groupSizes = new double[groups];
                for (var g = 0; g < groups; g++)
                {
                    var groupSamples = samples / groups + (g < samples % groups ? 1 : 0);
                    groupSizes[g] = groupSamples;
                    groupEstimates[g] = (model.EstimateLogLikelihood(x, condition, groupSamples)
                        ?? throw new NotSupportedException($"{model.GetName()} has latents that admit no importance-sampled log p(x); only diagonal Normal latents do"))
                        .to_type(ScalarType.Float64);
                }

                var (perExample, perExampleVariance) = Combine(stack(groupEstimates), groupSizes, samples);
                total += perExample.sum().item<double>();
                variance += perExampleVariance.sum().item<double>();
            }

            return new LogLikelihoodEstimate(total / data.Count, Math.Sqrt(variance) / data.Count, data.Count, samples);
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    /// <summary>
    /// The estimate over all K samples from the groups' estimates [G, B] (each the log of its mean weight), and its
    /// variance per example by the delta method on the spread of the group means: Var(log W̄) ≈ Var(W̄) / W̄².
    /// </summary>
    private static (Tensor Estimate, Tensor Variance) Combine(Tensor groupEstimates, double[] groupSizes, int samples)
    {
        var sizes = tensor(groupSizes, dtype: ScalarType.Float64, device: groupEstimates.device).reshape(groupSizes.Length, 1);
        var estimate = (groupEstimates + sizes.log()).logsumexp(0) - Math.Log(samples);
        if (groupSizes.Length < 2)
        {
            return (estimate, full_like(estimate, double.NaN));
        }

        // Each group's mean weight relative to the overall mean, W_g / W̄, computed in log space so large weights cannot overflow.
        var ratios = (groupEstimates - estimate).exp();
        var shares = sizes / samples;
        var groups = groupSizes.Length;
        var variance = (shares.square() * (ratios - 1).square()).sum(dim: 0) * (groups / (groups - 1.0));
        return (estimate, variance);
    }
}
