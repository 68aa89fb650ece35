using System;
using System.Linq;
using VaeDsl.Runtime.Likelihoods;
using Xunit;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Tests.Likelihoods;

/// <summary><c>likelihood TokenCategorical(vocab)</c>: log p(x|z) is the sum over positions of the log-softmax of the
/// logits at each token, checked against that sum computed by hand.</summary>
public sealed class TokenCategoricalTests
{
    // Two sequences of 3 tokens over a vocabulary of 4.
    private static readonly float[] Logits =
    {
        0.5f, -1.0f, 2.0f, 0.0f, /**/ 1.0f, 1.0f, 1.0f, 1.0f, /**/ -2.0f, 0.3f, 0.1f, 3.0f,
        0.0f, 0.0f, 4.0f, -4.0f, /**/ 2.5f, -0.5f, 0.0f, 1.5f, /**/ 0.2f, 0.4f, 0.6f, 0.8f,
    };

    private static readonly float[] Tokens = { 2, 0, 3, 1, 0, 3 };

    private static double LogSoftmax(int position, int token)
    {
        var row = Logits.Skip(4 * position).Take(4).Select(v => (double)v).ToArray();
        var max = row.Max();
        return row[token] - max - Math.Log(row.Sum(v => Math.Exp(v - max)));
    }

    [Fact]
    public void The_log_likelihood_is_the_summed_log_softmax_of_the_tokens()
    {
        var logProb = new TokenCategorical(4).LogProb(tensor(Logits, new long[] { 2, 3, 4 }), tensor(Tokens, new long[] { 2, 3 })).data<float>().ToArray();

        for (var b = 0; b < 2; b++)
        {
            var expected = Enumerable.Range(3 * b, 3).Sum(p => LogSoftmax(p, (int)Tokens[p]));
            Assert.Equal(expected, logProb[b], 5);
        }
    }

    [Fact]
    public void The_reconstruction_term_is_the_cross_entropy_summed_over_positions_and_averaged_over_the_batch()
    {
        var nll = new TokenCategorical(4).NegativeLogLikelihood(tensor(Logits, new long[] { 2, 3, 4 }), tensor(Tokens, new long[] { 2, 3 })).item<float>();

        Assert.Equal(-Enumerable.Range(0, 6).Sum(p => LogSoftmax(p, (int)Tokens[p])) / 2, nll, 5);
    }

    [Fact]
    public void Uniform_logits_give_length_times_log_vocab()
    {
        var logProb = new TokenCategorical(10).LogProb(zeros(3, 7, 10), randint(0, 10, new long[] { 3, 7 }).to_type(ScalarType.Float32));

        Assert.All(logProb.data<float>().ToArray(), v => Assert.Equal(-7 * Math.Log(10), v, 4));
    }

    [Fact]
    public void The_mean_is_the_most_likely_token_at_each_position()
    {
        var mean = new TokenCategorical(4).Mean(tensor(Logits, new long[] { 2, 3, 4 }));

        Assert.Equal(ScalarType.Float32, mean.dtype);
        Assert.Equal(new float[] { 2, 0, 3, 2, 0, 3 }, mean.data<float>().ToArray());
    }

    [Fact]
    public void Logits_without_the_vocabulary_last_are_refused_with_both_shapes()
    {
        var error = Assert.Throws<ArgumentException>(() => new TokenCategorical(5).LogProb(zeros(2, 3, 4), zeros(2, 3)));

        Assert.StartsWith("token logits must be [B, …, 5] for tokens [2, 3] but are [2, 3, 4]", error.Message);
    }
}
