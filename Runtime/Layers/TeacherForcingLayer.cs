using System;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Layers;

/// <summary>
/// <c>teacher_forcing</c>, a decoder's first layer: its input is [B, F + L], the decoder's features (the latents and
/// the condition) followed by the L input tokens, and its output [B, L, F + dim] puts the features beside the
/// embedding (<c>embedding.weight</c>) of the token before each position, <c>start</c> before the first. During
/// training, word dropout replaces each of those previous tokens (not the start) by <c>unknown</c> with probability
/// <c>wordDropout</c> (Bowman et al., 2016), so the decoder must lean on the latents.
/// </summary>
internal sealed class TeacherForcingLayer : nn.Module<Tensor, Tensor>
{
    private readonly Embedding embedding;
    private readonly long features;
    private readonly long length;
    private readonly double wordDropout;
    private readonly long start;
    private readonly long unknown;

    public TeacherForcingLayer(long features, TokenInput tokens, long dim, double wordDropout, long start, long unknown) : base("TeacherForcing")
    {
        embedding = nn.Embedding(tokens.Vocab, dim);
        this.features = features;
        length = tokens.Length;
        this.wordDropout = wordDropout;
        this.start = start;
        this.unknown = unknown;
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var batch = input.shape[0];
        var code = input.narrow(1, 0, features);
        var tokens = input.narrow(1, features, length).round().to_type(ScalarType.Int64);
        var previous = tokens.narrow(1, 0, length - 1);
        if (training && wordDropout > 0)
        {
            var dropped = rand(new[] { batch, length - 1 }, device: input.device) < wordDropout;
            previous = previous.masked_fill(dropped, unknown);
        }
        var shifted = cat(new[] { full(batch, 1, start, dtype: ScalarType.Int64, device: input.device), previous }, 1);
        return cat(new[] { code.unsqueeze(1).expand(batch, length, features), embedding.call(shifted) }, 2);
    }
}

/// <summary>The token sequence a decoder stack may read with <c>teacher_forcing</c>: its length and vocabulary.</summary>
/// <param name="Length">The number of tokens L of an input.</param>
/// <param name="Vocab">The number of distinct tokens, the likelihood's vocabulary.</param>
public sealed record TokenInput(long Length, long Vocab);

/// <summary>Sequences from a decoder that reads its input shifted by one position (<c>teacher_forcing</c>).</summary>
public static class TokenDecoding
{
    /// <summary>Greedy decoding: L passes of the decoder, each fixing the most likely token at the next position from
    /// the tokens fixed before it (what the decoder reads there through its shifted input); [B, L] token indices as
    /// floats, the input's type.</summary>
    /// <param name="code">The decoder's features for the batch (its batch size and device are taken).</param>
    /// <param name="length">The number of tokens L.</param>
    /// <param name="logits">The decoder's logits [B, L, V] for the tokens [B, L] read so far.</param>
    public static Tensor Greedy(Tensor code, long length, Func<Tensor, Tensor> logits)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(logits);
        var tokens = zeros(new[] { code.shape[0], length }, device: code.device);
        for (var position = 0; position < length; position++)
        {
            using var scope = NewDisposeScope();
            var next = logits(tokens).select(1, position).argmax(-1).to_type(tokens.dtype);
            tokens.select(1, position).copy_(next);
        }
        return tokens;
    }
}
