using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using VaeDsl.Runtime.Data;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Quantization;

/// <summary>
/// <c>prior z ~ FittedCategorical</c> of a quantised latent: an independent categorical over the codes at each
/// position, fitted after training by counting the codes the encoder assigns to the training set (the maximum-likelihood
/// frequencies). Until it is fitted it is uniform. state_dict key: <c>probabilities</c>, [positions, K].
/// </summary>
public sealed class FittedCategoricalPrior : nn.Module
{
    private const string ProbabilitiesName = "probabilities";
    private readonly long[] positions;

    /// <summary>Creates the uniform prior over <paramref name="codes"/> codes at each position of a quantised latent
    /// of shape <paramref name="codeShape"/>: [D] (one position) or [D, …positions], the code dimension first.</summary>
    public FittedCategoricalPrior(long codes, IReadOnlyList<long> codeShape) : base(nameof(FittedCategoricalPrior))
    {
        ArgumentNullException.ThrowIfNull(codeShape);
        if (codes < 2 || codeShape.Count == 0 || codeShape.Any(p => p < 1))
        {
            throw new ModelShapeException($"fitted categorical prior: needs at least 2 codes ({codes}) and a code shape [D, …positions] of positive sizes, got [{string.Join(", ", codeShape)}]");
        }

        Codes = codes;
        positions = codeShape.Skip(1).ToArray();
        var count = positions.Aggregate(1L, (a, b) => a * b);
        register_buffer(ProbabilitiesName, full(count, codes, 1.0 / codes));
    }

    /// <summary>The number of codes, K.</summary>
    public long Codes { get; }

    /// <summary>The probability of each code at each position, [positions, K]; each row sums to 1.</summary>
    public Tensor Probabilities => get_buffer(ProbabilitiesName)!;

    /// <summary>Fits the prior to the codes of a data set: <paramref name="codesOf"/> gives the codes [B, …positions]
    /// of a batch of inputs; batches of <paramref name="batchSize"/> are encoded without gradients on the prior's device.</summary>
    public void Fit(TensorDataSet data, int batchSize, Func<Tensor, Tensor> codesOf)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(codesOf);
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "the batch size must be positive");
        if (data.Count == 0) throw new ArgumentException("the data set to fit the prior to is empty", nameof(data));
        using var _ = no_grad();
        var probabilities = Probabilities;
        var rows = probabilities.shape[0];
        var counts = zeros(rows * Codes, dtype: ScalarType.Float64, device: probabilities.device);
        var offsets = arange(rows, device: probabilities.device) * Codes;
        for (long start = 0; start < data.Count; start += batchSize)
        {
            using var scope = NewDisposeScope();
            var (x, _) = data.Batch(null, start, Math.Min(batchSize, data.Count - start), withLabels: false, probabilities.device);
            var codes = codesOf(x).reshape(-1, rows);
            counts.add_((codes + offsets).flatten().bincount(null, rows * Codes).to(ScalarType.Float64));
        }

        var table = counts.reshape(rows, Codes);
        probabilities.copy_(table / table.sum(1, keepdim: true));
    }

    /// <summary>log p(codes) per example, [B], for codes [B, …positions]: the sum over positions.</summary>
    public Tensor LogProb(Tensor codes)
    {
        ArgumentNullException.ThrowIfNull(codes);
        var rows = Probabilities.shape[0];
        var flat = codes.reshape(-1, rows);
        return Probabilities.log().unsqueeze(0).expand(flat.shape[0], rows, Codes).gather(2, flat.unsqueeze(2)).squeeze(2).sum(1);
    }

    /// <summary><paramref name="count"/> codes drawn from the prior, [count, …positions], on the prior's device, from the global generator.</summary>
    public Tensor Sample(long count)
    {
        if (count <= 0) throw new ArgumentOutOfRangeException(nameof(count), count, "the sample count must be positive");
        var drawn = Probabilities.multinomial(count, replacement: true).t();
        return drawn.reshape(new[] { count }.Concat(positions).ToArray());
    }
}
