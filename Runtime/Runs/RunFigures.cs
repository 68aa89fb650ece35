using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using VaeDsl.Runtime;
using VaeDsl.Runtime.Data;
using VaeDsl.Runtime.Evaluation;
using VaeDsl.Runtime.Images;
using VaeDsl.Runtime.Plots;
using VaeDsl.Runtime.Training;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Runs;

/// <summary>The pictures and figures every training program writes after training, each only where the model supports it.</summary>
public static class RunFigures
{
    /// <summary>Writes loss_curves.png.</summary>
    public static void LossCurves(string directory, TrainingHistory history, ICollection<string> written)
    {
        ArgumentNullException.ThrowIfNull(written);
        if (history.Count == 0) return;
        Runtime.Plots.LossCurves.Save(Path.Combine(directory, "loss_curves.png"), history);
        written.Add("loss_curves.png");
    }

    /// <summary>For image inputs, writes reconstructions.png (16 test images above their reconstructions) and samples.png
    /// (decoded prior samples, with <paramref name="sampleCondition"/> as their condition when given, else 64, under the
    /// first test examples' conditions for a conditional model).</summary>
    public static void Images(string directory, VaeModule model, TensorDataSet test, Tensor? sampleCondition, ICollection<string> written)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(written);
        if (!IsImage(model.InputShape)) return;
        var shown = Math.Min(16, test.Count);
        var (originals, condition) = test.Batch(null, 0, shown, withLabels: true, model.Device);
        ImageGrid.SaveComparison(Path.Combine(directory, "reconstructions.png"), originals, model.Reconstruct(originals, condition));
        written.Add("reconstructions.png");
        // A conditional model given no condition of its own samples under the first 64 test examples' conditions.
        sampleCondition ??= model.UsesCondition && test.Labels is { } labels ? labels[..(int)Math.Min(64, test.Count)] : null;
        var samples = sampleCondition is null ? model.Sample(64) : model.Sample(sampleCondition.shape[0], ComputeDevice.To(sampleCondition, model.Device));
        ImageGrid.SavePng(Path.Combine(directory, "samples.png"), samples, columns: 8);
        written.Add("samples.png");
    }

    /// <summary>
    /// The posterior means of the whole test set: writes latent_scatter.png coloured by label (when the data set has
    /// labels and the latent has at least two dimensions) and returns the active units, or null when the model gives no
    /// posterior means.
    /// </summary>
    public static int? LatentSpace(string directory, VaeModule model, TensorDataSet test, ICollection<string> written)
    {
        ArgumentNullException.ThrowIfNull(written);
        var means = PosteriorMeans(model, test);
        if (means is null) return null;
        if (test.Labels is { } labels && labels.dim() == 1 && means.shape[1] >= 2)
        {
            LatentScatter.Save(Path.Combine(directory, "latent_scatter.png"), means, labels);
            written.Add("latent_scatter.png");
        }

        return test.Count >= 2 ? ActiveUnits.Count(means) : null;
    }

    /// <summary>The posterior means [N, d] of every example of <paramref name="data"/>, or null when the model gives none.</summary>
    public static Tensor? PosteriorMeans(VaeModule model, TensorDataSet data, int batchSize = 500)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        var parts = new List<Tensor>();
        for (long start = 0; start < data.Count; start += batchSize)
        {
            var (x, condition) = data.Batch(null, start, Math.Min(batchSize, data.Count - start), withLabels: true, model.Device);
            var mean = model.PosteriorMean(x, condition);
            if (mean is null) return null;
            parts.Add(mean);
        }

        return parts.Count == 0 ? null : cat(parts, 0);
    }

    /// <summary>The mean test log p(x) with <paramref name="samples"/> importance samples over the first
    /// <paramref name="examples"/> test examples, <paramref name="batchSize"/> of them decoded at once (the memory
    /// bound), or null when the model's latents admit no estimate.</summary>
    public static LogLikelihoodEstimate? TestLogLikelihood(VaeModule model, TensorDataSet test, int samples, long examples, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(test);
        if (samples < 1 || examples < 1 || test.Count == 0) return null;
        var (probeInputs, probeCondition) = test.Batch(null, 0, 1, withLabels: true, model.Device);
        if (model.EstimateLogLikelihood(probeInputs, probeCondition, 1) is null) return null;
        return LogLikelihood.Estimate(model, test.Take(examples), samples, batchSize);
    }

    private static bool IsImage(IReadOnlyList<long> shape) =>
        shape.Count == 2 || (shape.Count == 3 && shape[0] is 1 or 3);
}
