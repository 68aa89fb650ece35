using System;
using VaeDsl.Runtime.Distributions;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Objectives;

/// <summary>
/// The importance-weighted bound (Burda et al. 2016) <c>log 1/K Σₖ p(x, zₖ) / q(zₖ | x)</c>: equal to the ELBO in
/// expectation for K = 1, rising with K towards log p(x); with large K it estimates log p(x) for evaluation.
/// </summary>
public static class ImportanceWeighted
{
    /// <summary>
    /// Log importance weights [K, B]: <c>log p(x, zₖ) − log q(zₖ | x)</c> for K reparameterised samples from
    /// <paramref name="posterior"/>; <paramref name="logJoint"/> maps z [B, d] to log p(x, z) [B].
    /// </summary>
    public static Tensor LogWeights(DiagonalNormal posterior, int samples, Func<Tensor, Tensor> logJoint)
    {
        ArgumentNullException.ThrowIfNull(posterior);
        ArgumentNullException.ThrowIfNull(logJoint);
        return LogWeights(samples, NormalLogWeight(posterior, logJoint));
    }

    /// <summary>
    /// Log importance weights [K, B] from <paramref name="samples"/> calls of <paramref name="logWeight"/>, each of which
    /// draws one sample of every latent (a whole hierarchy: z1 ~ q(z1|x), z2 ~ q(z2|z1), …) and returns
    /// <c>log p(x, z) − log q(z | x)</c> per example, [B].
    /// </summary>
    public static Tensor LogWeights(int samples, Func<Tensor> logWeight)
    {
        ArgumentNullException.ThrowIfNull(logWeight);
        RequirePositive(samples);
        var weights = new Tensor[samples];
        for (var k = 0; k < samples; k++)
        {
            weights[k] = logWeight();
        }

        return stack(weights);
    }

    /// <summary>The K-sample bound per example, [B], differentiable, with each log weight drawn by <paramref name="logWeight"/>
    /// (a hierarchy of latents, sampled layer by layer).</summary>
    public static Tensor Bound(int samples, Func<Tensor> logWeight) => Bound(LogWeights(samples, logWeight));

    /// <summary>
    /// An importance-sampled estimate of log p(x) per example, [B], without gradients, from <paramref name="samples"/>
    /// draws of <paramref name="logWeight"/> (one sample of every latent of a hierarchy, <c>log p(x, z) − log q(z | x)</c>
    /// per example), folded into a running log-sum-exp so the memory is that of one pass.
    /// </summary>
    public static Tensor EstimateLogLikelihood(int samples, Func<Tensor> logWeight)
    {
        ArgumentNullException.ThrowIfNull(logWeight);
        RequirePositive(samples);
        using var _ = no_grad();
        Tensor? sum = null;
        for (var k = 0; k < samples; k++)
        {
            Tensor next;
            using (var scope = NewDisposeScope())
            {
                var weight = logWeight();
                next = (sum is null ? weight : logaddexp(sum, weight)).MoveToOuterDisposeScope();
            }

            sum?.Dispose();
            sum = next;
        }

        return sum!.sub_(Math.Log(samples));
    }

    private static void RequirePositive(int samples)
    {
        if (samples <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(samples), samples, "the number of importance samples must be positive");
        }
    }

    /// <summary>The bound per example, [B], from log weights [K, B]: <c>logsumexpₖ − log K</c>.</summary>
    public static Tensor Bound(Tensor logWeights)
    {
        ArgumentNullException.ThrowIfNull(logWeights);
        if (logWeights.dim() != 2)
        {
            throw new ArgumentException($"log weights must be [K, B] but are [{string.Join(", ", logWeights.shape)}]", nameof(logWeights));
        }

        return logWeights.logsumexp(0) - Math.Log(logWeights.shape[0]);
    }

    /// <summary>The K-sample bound per example, [B], differentiable (the IWAE training objective, negated).</summary>
    public static Tensor Bound(DiagonalNormal posterior, int samples, Func<Tensor, Tensor> logJoint) =>
        Bound(LogWeights(posterior, samples, logJoint));

    /// <summary>
    /// An importance-sampled estimate of log p(x) per example, [B], with <paramref name="samples"/> samples and no
    /// gradients (for evaluation; the estimate is a lower bound in expectation and tightens as samples grow).
    /// </summary>
    /// <remarks>
    /// The samples are taken one after another and folded into a running log-sum-exp, each in its own dispose scope,
    /// so the memory is that of one decoder pass over the batch whatever <paramref name="samples"/> is (Burda et al.'s
    /// K = 5,000 costs time, not memory). The draws are those of <see cref="LogWeights(DiagonalNormal, int, Func{Tensor, Tensor})"/>, in the same order.
    /// </remarks>
    public static Tensor EstimateLogLikelihood(DiagonalNormal posterior, int samples, Func<Tensor, Tensor> logJoint)
    {
        ArgumentNullException.ThrowIfNull(posterior);
        ArgumentNullException.ThrowIfNull(logJoint);
        return EstimateLogLikelihood(samples, NormalLogWeight(posterior, logJoint));
    }

    /// <summary>
    /// Log importance weights [K, B] for a posterior that draws its samples with their log-density (a flowed Normal, or
    /// the joint of several latents): <c>log p(x, zₖ) − log q(zₖ | x)</c> at K draws.
    /// </summary>
    public static Tensor LogWeights(ISampledPosterior posterior, int samples, Func<Tensor, Tensor> logJoint)
    {
        ArgumentNullException.ThrowIfNull(posterior);
        ArgumentNullException.ThrowIfNull(logJoint);
        return LogWeights(samples, SampledLogWeight(posterior, logJoint));
    }

    /// <summary>The K-sample bound per example, [B], differentiable, for a posterior that draws with its log-density.</summary>
    public static Tensor Bound(ISampledPosterior posterior, int samples, Func<Tensor, Tensor> logJoint) =>
        Bound(LogWeights(posterior, samples, logJoint));

    /// <summary>
    /// The importance-sampled estimate of log p(x) per example, [B], without gradients, for a posterior that draws with
    /// its log-density; memory as for the diagonal Normal's estimate (one decoder pass at a time).
    /// </summary>
    public static Tensor EstimateLogLikelihood(ISampledPosterior posterior, int samples, Func<Tensor, Tensor> logJoint)
    {
        ArgumentNullException.ThrowIfNull(posterior);
        ArgumentNullException.ThrowIfNull(logJoint);
        return EstimateLogLikelihood(samples, SampledLogWeight(posterior, logJoint));
    }

    /// <summary>One log weight log p(x, z) − log q(z | x) [B] at a reparameterised sample z of a diagonal Normal.</summary>
    private static Func<Tensor> NormalLogWeight(DiagonalNormal posterior, Func<Tensor, Tensor> logJoint) => () =>
    {
        var z = posterior.Sample();
        return logJoint(z) - posterior.LogProb(z);
    };

    /// <summary>One log weight [B] at a draw of a posterior that draws with its log-density.</summary>
    private static Func<Tensor> SampledLogWeight(ISampledPosterior posterior, Func<Tensor, Tensor> logJoint) => () =>
    {
        var draw = posterior.Draw();
        return logJoint(draw.Value) - draw.LogProb;
    };
}
