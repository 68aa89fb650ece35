using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Training;

/// <summary>
/// Sums batch losses weighted by batch size in one double-precision tensor [1 + terms], so the step loop never
/// reads values back; <see cref="Means"/> reads them once per epoch.
/// </summary>
internal sealed class LossAccumulator : IDisposable
{
    private Tensor? sums;
    private string[] names = Array.Empty<string>();
    private long examples;

    /// <summary>Adds one batch; call it inside the step's dispose scope.</summary>
    public void Add(LossBreakdown loss, long batchSize)
    {
        if (sums is null)
        {
            names = loss.Terms.Select(t => t.Key).ToArray();
            sums = zeros(1 + names.Length, dtype: ScalarType.Float64, device: loss.Total.device);
            sums.DetachFromDisposeScope();
        }
        else if (loss.Terms.Count != names.Length || loss.Terms.Where((t, i) => t.Key != names[i]).Any())
        {
            throw new InvalidOperationException(
                $"the loss terms changed between batches: first [{string.Join(", ", names)}], now [{string.Join(", ", loss.Terms.Select(t => t.Key))}]");
        }

        var values = new Tensor[1 + names.Length];
        values[0] = Scalar("total", loss.Total);
        for (var i = 0; i < names.Length; i++)
        {
            values[i + 1] = Scalar(names[i], loss.Terms[i].Value);
        }

        sums.add_(stack(values), alpha: batchSize);
        examples += batchSize;
    }

    /// <summary>The mean total and the mean of each term per example.</summary>
    public (double Total, IReadOnlyDictionary<string, double> Terms) Means()
    {
        if (sums is null || examples == 0)
        {
            return (double.NaN, new Dictionary<string, double>());
        }

        using var onCpu = sums.cpu();
        var values = onCpu.data<double>().ToArray();
        var terms = new Dictionary<string, double>(names.Length);
        for (var i = 0; i < names.Length; i++)
        {
            terms[names[i]] = values[i + 1] / examples;
        }

        return (values[0] / examples, terms);
    }

    public void Dispose() => sums?.Dispose();

    private static Tensor Scalar(string name, Tensor value)
    {
        if (value.numel() != 1)
        {
            throw new InvalidOperationException(
                $"loss term '{name}' must be a scalar (mean over the batch) but has shape [{string.Join(", ", value.shape)}]");
        }

        return value.dim() == 0 ? value.detach() : value.detach().reshape(Array.Empty<long>());
    }
}
