using System;
using VaeDsl.Runtime.Data;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Evaluation;

/// <summary>The importance-sampled estimate of the test log-likelihood, log p(x), averaged over a data set.</summary>
public static class LogLikelihood
{
    /// <summary>The mean of log p(x) over <paramref name="data"/> in nats per example, estimated with
    /// <paramref name="samples"/> importance samples per example (Burda et al., 2016).</summary>
    /// <exception cref="NotSupportedException">The model's latents admit no such estimate.</exception>
    public static double Estimate(VaeModule model, TensorDataSet data, int samples = 100, int batchSize = 100)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        if (samples < 1) throw new ArgumentOutOfRangeException(nameof(samples), samples, "at least one sample is needed");
        var wasTraining = model.training;
        model.eval();
        try
        {
            var total = 0.0;
            for (long start = 0; start < data.Count; start += batchSize)
            {
                using var scope = NewDisposeScope();
                using var noGrad = no_grad();
                var size = Math.Min(batchSize, data.Count - start);
                var (x, condition) = data.Batch(null, start, size);
                var estimate = model.EstimateLogLikelihood(x, condition, samples)
                    ?? throw new NotSupportedException($"{model.GetName()} has latents that admit no importance-sampled log p(x); only diagonal Normal latents do");
                total += estimate.sum().to_type(ScalarType.Float64).item<double>();
            }
            return total / data.Count;
        }
        finally
        {
            model.train(wasTraining);
        }
    }
}
