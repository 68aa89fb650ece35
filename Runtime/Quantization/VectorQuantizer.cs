using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using VaeDsl.Runtime.Numerics;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Quantization;

/// <summary>
/// <c>latent z ~ VectorQuantized(codes, dim, …)</c>: a codebook of <see cref="Codes"/> vectors of <see cref="Dim"/>
/// numbers; each position of the encoder's output (its first dimension after the batch is the code dimension) is
/// replaced by its nearest code, with straight-through gradients (van den Oord et al., 2017). The codebook is learned
/// by the codebook loss, or with <c>ema</c> by exponential moving averages of the encoder outputs assigned to each code,
/// with Laplace smoothing of the counts (as DeepMind's Sonnet implementation does). With <c>restart</c>, codes that no
/// output was assigned to since the last check are re-initialised from encoder outputs of the next training batch.
/// state_dict keys: <c>embedding</c> (a parameter, or a buffer with <c>ema</c>), and with <c>ema</c> the buffers
/// <c>cluster_size</c> and <c>embedding_sum</c>.
/// </summary>
public sealed class VectorQuantizer : nn.Module
{
    private const string EmbeddingName = "embedding";
    private const string ClusterSizeName = "cluster_size";
    private const string EmbeddingSumName = "embedding_sum";

    private readonly double commitment;
    private readonly bool ema;
    private readonly double decay;
    private readonly double epsilon;
    private readonly bool restart;
    private readonly long restartEvery;

    // Assignment counts of the training epoch (for usage and perplexity) and since the last restart check; plain
    // tensors on the device of the batches, not state of the model.
    private Tensor? epochCounts;
    private Tensor? checkCounts;
    private long stepsSinceCheck;
    private bool checkDue;
    private long restartedThisEpoch;

    // Assignment counts of an evaluation (BeginEvaluation to EndEvaluation), in eval mode only.
    private bool countingEvaluation;
    private Tensor? evaluationCounts;

    /// <summary>Creates the quantiser with a freshly initialised codebook (from the global generator).</summary>
    /// <param name="codes">Number of code vectors, at least 2.</param>
    /// <param name="dim">Dimension of each code vector.</param>
    /// <param name="commitment">β, the weight of the commitment loss in <see cref="Loss"/>.</param>
    /// <param name="ema">Update the codebook by moving averages instead of the codebook loss.</param>
    /// <param name="decay">The moving averages' decay, in [0, 1).</param>
    /// <param name="epsilon">The Laplace smoothing of the moving code counts.</param>
    /// <param name="restart">Re-initialise dead codes.</param>
    /// <param name="restartEvery">Training steps between restart checks; 0 checks after every epoch (<see cref="EndEpoch"/>).</param>
    public VectorQuantizer(long codes, long dim, double commitment = 0.25, bool ema = false, double decay = 0.99, double epsilon = 1e-5, bool restart = false, long restartEvery = 0)
        : base(nameof(VectorQuantizer))
    {
        if (codes < 2 || dim < 1)
        {
            throw new ModelShapeException($"vector quantiser: needs at least 2 codes of at least 1 dimension, but has {codes} codes of {dim}");
        }

        if (!(commitment >= 0) || !(decay >= 0 && decay < 1) || !(epsilon > 0) || restartEvery < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(commitment),
                $"vector quantiser: commitment ({commitment}) must be at least 0, decay ({decay}) in [0, 1), epsilon ({epsilon}) positive and restartEvery ({restartEvery}) at least 0");
        }

        Codes = codes;
        Dim = dim;
        this.commitment = commitment;
        this.ema = ema;
        this.decay = decay;
        this.epsilon = epsilon;
        this.restart = restart;
        this.restartEvery = restartEvery;
        if (ema)
        {
            // As Sonnet's VectorQuantizerEMA: normal codes, zero counts, sums equal to the codes.
            var embedding = randn(codes, dim);
            register_buffer(EmbeddingName, embedding);
            register_buffer(ClusterSizeName, zeros(codes));
            register_buffer(EmbeddingSumName, embedding.clone());
        }
        else
        {
            register_parameter(EmbeddingName, new TorchSharp.Modules.Parameter(empty(codes, dim).uniform_(-1.0 / codes, 1.0 / codes)));
        }
    }

    /// <summary>The number of code vectors, K.</summary>
    public long Codes { get; }

    /// <summary>The dimension of a code vector, D.</summary>
    public long Dim { get; }

    /// <summary>True when the codebook follows moving averages rather than the codebook loss.</summary>
    public bool UsesMovingAverages => ema;

    /// <summary>The codebook, [K, D] (a parameter, or with moving averages a buffer).</summary>
    public Tensor Codebook => ema ? get_buffer(EmbeddingName)! : get_parameter(EmbeddingName)!;

    /// <summary>With moving averages, the moving count of assignments of each code, [K]; else null.</summary>
    public Tensor? ClusterSize => ema ? get_buffer(ClusterSizeName) : null;

    /// <summary>With moving averages, the moving sum of the encoder outputs assigned to each code, [K, D]; else null.</summary>
    public Tensor? EmbeddingSum => ema ? get_buffer(EmbeddingSumName) : null;

    /// <summary>Codes re-initialised since the last <see cref="EndEpoch"/>.</summary>
    public long RestartedCodes => restartedThisEpoch;

    /// <summary>The shape of one example's quantised latent, <paramref name="encoderShape"/> as an array, after checking
    /// that its first dimension is the code dimension.</summary>
    /// <exception cref="ModelShapeException">The encoder's output is not [D] or [D, …positions].</exception>
    public long[] CodeShape(IReadOnlyList<long> encoderShape)
    {
        ArgumentNullException.ThrowIfNull(encoderShape);
        if (encoderShape.Count == 0 || encoderShape[0] != Dim)
        {
            throw new ModelShapeException($"vector quantiser: codes of dimension {Dim} need the encoder output [{Dim}] or [{Dim}, …positions], but it is [{string.Join(", ", encoderShape)}]");
        }

        return encoderShape.ToArray();
    }

    /// <summary>
    /// Quantises a batch. In training mode it also counts the assignments, restarts dead codes when a check is due
    /// (before assigning, so the batch may use them at once) and, with moving averages, updates the codebook after
    /// assigning (the batch is quantised with the codebook it was assigned with).
    /// </summary>
    /// <param name="inputs">The encoder's output, [B, D] or [B, D, …positions].</param>
    /// <exception cref="ModelShapeException">The inputs' code dimension is not <see cref="Dim"/>.</exception>
    public Quantization Quantize(Tensor inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.dim() < 2 || inputs.shape[1] != Dim)
        {
            throw new ModelShapeException($"vector quantiser: needs inputs [batch, {Dim}, …] but got [{string.Join(", ", inputs.shape)}]");
        }

        var channelsLast = inputs.dim() > 2 ? inputs.movedim(new long[] { 1 }, new long[] { -1 }) : inputs;
        var flat = channelsLast.reshape(-1, Dim);
        if (training)
        {
            RestartIfDue(flat);
        }

        var codebook = Codebook;
        var codes = NearestCodes(flat, codebook);
        var quantizedFlat = codebook.index_select(0, codes);
        if (training)
        {
            Count(codes);
            if (ema)
            {
                UpdateMovingAverages(flat, codes);
            }
        }
        else if (countingEvaluation)
        {
            using var _ = no_grad();
            evaluationCounts = Accumulate(evaluationCounts, codes.bincount(null, Codes));
        }

        var quantizedLast = quantizedFlat.reshape(channelsLast.shape);
        var quantized = inputs.dim() > 2 ? quantizedLast.movedim(new long[] { -1 }, new long[] { 1 }) : quantizedLast;
        var codebookLoss = BatchReductions.SumExceptBatch((quantized - inputs.detach()).square());
        var commitmentLoss = BatchReductions.SumExceptBatch((inputs - quantized.detach()).square());
        var straightThrough = inputs + (quantized - inputs).detach();
        var positions = channelsLast.shape[..^1];
        return new Quantization(inputs, straightThrough, codes.reshape(positions), codebookLoss, commitmentLoss);
    }

    /// <summary>The vq term, averaged over the batch: the codebook loss plus β × the commitment loss; with moving
    /// averages only β × the commitment loss (the codebook is not learned by gradients).</summary>
    public Tensor Loss(Quantization quantization)
    {
        ArgumentNullException.ThrowIfNull(quantization);
        var commitmentPart = quantization.CommitmentLoss * commitment;
        return (ema ? commitmentPart : quantization.CodebookLoss + commitmentPart).mean();
    }

    /// <summary>The code vectors of <paramref name="codes"/> [B] or [B, …positions], laid out as the encoder's output
    /// ([B, D] or [B, D, …positions]): what the decoder reads for codes drawn from a prior.</summary>
    public Tensor Lookup(Tensor codes)
    {
        ArgumentNullException.ThrowIfNull(codes);
        var vectors = Codebook.index_select(0, codes.flatten()).reshape(codes.shape.Append(Dim).ToArray());
        return codes.dim() > 1 ? vectors.movedim(new long[] { -1 }, new long[] { 1 }) : vectors;
    }

    /// <summary>
    /// Ends a training epoch: returns the codebook's usage (the fraction of codes assigned at least once in the epoch's
    /// training batches) and perplexity (exp of the entropy of the epoch's average code distribution), and with
    /// <c>restart</c> the number of codes re-initialised in the epoch; marks a restart check due when checks are per
    /// epoch. Empty when no training batch was quantised since the last call.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, double>> EndEpoch()
    {
        if (epochCounts is null)
        {
            return Array.Empty<KeyValuePair<string, double>>();
        }

        var figures = new List<KeyValuePair<string, double>>
        {
            new("usage", CodebookStatistics.Usage(epochCounts)),
            new("perplexity", CodebookStatistics.Perplexity(epochCounts)),
        };
        if (restart)
        {
            figures.Add(new("restarted", restartedThisEpoch));
        }

        epochCounts.Dispose();
        epochCounts = null;
        restartedThisEpoch = 0;
        checkDue = restart && restartEvery == 0;
        return figures;
    }

    /// <summary>Starts counting the codes assigned to the batches quantised in eval mode until <see cref="EndEvaluation"/>.</summary>
    public void BeginEvaluation()
    {
        evaluationCounts?.Dispose();
        evaluationCounts = null;
        countingEvaluation = true;
    }

    /// <summary>
    /// Ends an evaluation: the codebook's usage (the fraction of codes assigned at least once in the batches quantised
    /// in eval mode since <see cref="BeginEvaluation"/>) and perplexity (exp of the entropy of their average code
    /// distribution), as <see cref="EndEpoch"/> gives them for the training batches. Empty when no batch was quantised.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, double>> EndEvaluation()
    {
        countingEvaluation = false;
        if (evaluationCounts is null)
        {
            return Array.Empty<KeyValuePair<string, double>>();
        }

        var figures = new List<KeyValuePair<string, double>>
        {
            new("usage", CodebookStatistics.Usage(evaluationCounts)),
            new("perplexity", CodebookStatistics.Perplexity(evaluationCounts)),
        };
        evaluationCounts.Dispose();
        evaluationCounts = null;
        return figures;
    }

    /// <summary>
    /// What the dead-code restarts have pending between training epochs, for a checkpoint: <c>check_counts</c>, the
    /// assignments of each code since the last check (K counters; zeros when none was counted yet),
    /// <c>steps_since_check</c> and <c>check_due</c> (1 when the next training batch begins with a check, else 0). Without
    /// <c>restart</c> there is nothing pending: empty.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, long[]>> RestartCounters()
    {
        if (!restart)
        {
            return Array.Empty<KeyValuePair<string, long[]>>();
        }

        var counts = checkCounts is null ? new long[Codes] : checkCounts.to(ScalarType.Int64).cpu().data<long>().ToArray();
        return new KeyValuePair<string, long[]>[]
        {
            new("check_counts", counts),
            new("steps_since_check", new[] { stepsSinceCheck }),
            new("check_due", new[] { checkDue ? 1L : 0L }),
        };
    }

    /// <summary>Restores what <see cref="RestartCounters"/> gave (the same names and lengths), so training resumed from a
    /// checkpoint restarts the codes the uninterrupted run would, at the same step.</summary>
    /// <exception cref="ArgumentException">The counters are not those of this quantiser.</exception>
    public void RestoreRestartCounters(IReadOnlyList<KeyValuePair<string, long[]>> counters)
    {
        ArgumentNullException.ThrowIfNull(counters);
        var expected = RestartCounters();
        if (counters.Count != expected.Count || counters.Zip(expected, (a, b) => a.Key == b.Key && a.Value.Length == b.Value.Length).Any(same => !same)
            || counters.Any(c => c.Value.Any(v => v < 0)))
        {
            throw new ArgumentException($"vector quantiser: the counters [{string.Join(", ", counters.Select(c => $"{c.Key} ({c.Value.Length})"))}] are not those of this quantiser [{string.Join(", ", expected.Select(c => $"{c.Key} ({c.Value.Length})"))}]", nameof(counters));
        }

        if (!restart)
        {
            return;
        }

        checkCounts?.Dispose();
        var restored = tensor(counters[0].Value, device: Codebook.device);
        restored.DetachFromDisposeScope();
        checkCounts = restored;
        stepsSinceCheck = counters[1].Value[0];
        checkDue = counters[2].Value[0] != 0;
    }

    /// <summary>The index of the nearest code (squared Euclidean distance; the lower index on a tie) of each row of
    /// <paramref name="flat"/> [N, D] in <paramref name="codebook"/> [K, D], [N].</summary>
    public static Tensor NearestCodes(Tensor flat, Tensor codebook)
    {
        ArgumentNullException.ThrowIfNull(flat);
        ArgumentNullException.ThrowIfNull(codebook);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var distances = flat.square().sum(1, keepdim: true) - 2 * flat.mm(codebook.t()) + codebook.square().sum(1).unsqueeze(0);
        return distances.argmin(1).MoveToOuterDisposeScope();
    }

    private void Count(Tensor codes)
    {
        using var _ = no_grad();
        var counts = codes.bincount(null, Codes);
        epochCounts = Accumulate(epochCounts, counts);
        if (restart)
        {
            checkCounts = Accumulate(checkCounts, counts);
            stepsSinceCheck++;
            checkDue |= restartEvery > 0 && stepsSinceCheck >= restartEvery;
        }
    }

    private static Tensor Accumulate(Tensor? sums, Tensor counts)
    {
        if (sums is null)
        {
            var fresh = counts.clone();
            fresh.DetachFromDisposeScope();
            return fresh;
        }

        sums.add_(counts);
        return sums;
    }

    // Moving averages with Laplace smoothing (Sonnet's VectorQuantizerEMA): N_k ← γ N_k + (1 − γ) n_k,
    // m_k ← γ m_k + (1 − γ) Σ_{i: k} z_i, e_k = m_k / ((N_k + ε) / (Σ N + K ε) · Σ N).
    private void UpdateMovingAverages(Tensor flat, Tensor codes)
    {
        using var _ = no_grad();
        var assigned = nn.functional.one_hot(codes, Codes).to(flat.dtype);
        var clusterSize = ClusterSize!;
        var embeddingSum = EmbeddingSum!;
        clusterSize.mul_(decay).add_(assigned.sum(0, keepdim: false), alpha: 1 - decay);
        embeddingSum.mul_(decay).add_(assigned.t().mm(flat.detach()), alpha: 1 - decay);
        var total = clusterSize.sum();
        var smoothed = (clusterSize + epsilon) / (total + Codes * epsilon) * total;
        Codebook.copy_(embeddingSum / smoothed.unsqueeze(1));
    }

    // Codes no output was assigned to since the last check take encoder outputs of this batch, drawn at random.
    private void RestartIfDue(Tensor flat)
    {
        if (!restart || !checkDue)
        {
            return;
        }

        using var _ = no_grad();
        checkDue = false;
        stepsSinceCheck = 0;
        if (checkCounts is null)
        {
            return;
        }

        var dead = checkCounts.eq(0).nonzero().flatten();
        checkCounts.zero_();
        var count = dead.numel();
        if (count == 0)
        {
            return;
        }

        var replacement = flat.detach().index_select(0, randint(flat.shape[0], new[] { count }, device: flat.device));
        Codebook.index_copy_(0, dead, replacement);
        if (ema)
        {
            // A restarted code counts as one assignment of its new vector, so the moving average starts there.
            ClusterSize!.index_fill_(0, dead, 1.0);
            EmbeddingSum!.index_copy_(0, dead, replacement);
        }

        restartedThisEpoch += count;
    }
}
