using System.Linq;
using VaeDsl.Examples.Tests.Joint;
using VaeDsl.Runtime;
using VaeDsl.Runtime.Distributions;
using VaeDsl.Runtime.Objectives;
using Xunit;
using static TorchSharp.torch;

namespace VaeDsl.Examples.Tests;

/// <summary>
/// A model with several Normal latents trains the objectives defined on one code (the importance-weighted bound, the
/// total correlation) and estimates log p(x) on their joint posterior. The reference is the same model written with
/// one latent of the summed size: with its head weights stacked from the two heads, every figure must be the same,
/// sample for sample under one seed.
/// </summary>
public sealed class JointLatentTests
{
    [Fact]
    public void Two_normal_latents_give_the_figures_of_one_latent_of_their_joint_size()
    {
        Seeding.Set(3);
        using var two = new TwoLatents();
        using var one = new OneLatent();
        CopyInto(two, one);
        var x = rand(32, 12).bernoulli();
        var progress = new TrainingProgress(0, 1, 0, 1) { DatasetSize = 32 };

        Seeding.Set(11);
        var twoLoss = two.Loss(x, progress);
        var twoEstimate = two.EstimateLogLikelihood(x, null, 50);
        Seeding.Set(11);
        var oneLoss = one.Loss(x, progress);
        var oneEstimate = one.EstimateLogLikelihood(x, null, 50);

        AssertClose(oneLoss.Iwae, twoLoss.Iwae);
        AssertClose(oneEstimate, twoEstimate);
        // Not trivially equal: the figures depend on the weights and the data.
        Assert.True(oneEstimate.std().item<float>() > 1e-3);
        Assert.True(double.IsFinite(twoLoss.Total.item<float>()));
    }

    [Fact]
    public void Total_correlation_and_mmd_are_taken_on_the_joint_code()
    {
        Seeding.Set(4);
        using var model = new TwoLatentsDisentangled();
        var x = rand(32, 12).bernoulli();
        var progress = new TrainingProgress(0, 1, 0, 1) { DatasetSize = 800 };

        // The reference composes the Runtime's pieces by hand, drawing the random numbers in the loss's order: the
        // forward pass (z, then w), then the prior samples for MMD (z, then w).
        Seeding.Set(9);
        var output = model.Forward(x);
        var priorZ = StandardNormalPrior.Sample(32, 2);
        var priorW = StandardNormalPrior.Sample(32, 3);
        var code = cat(new[] { output.Z, output.W }, 1);
        var expectedTc = TotalCorrelation.MinibatchWeighted(code, DiagonalNormal.Concat(output.Posterior.Z, output.Posterior.W), 800).mean();
        var expectedMmd = MaximumMeanDiscrepancy.Rbf(code, cat(new[] { priorZ, priorW }, 1), scale: System.Math.Sqrt(5 / 2.0));

        Seeding.Set(9);
        var loss = model.Loss(x, progress);

        AssertClose(expectedTc, loss.Tc);
        AssertClose(expectedMmd, loss.Mmd);
        AssertClose(loss.Recon + loss.Kl + 2 * loss.Tc + loss.Mmd, loss.Total);
    }

    [Fact]
    public void The_joint_bound_has_gradients_for_both_heads()
    {
        Seeding.Set(5);
        using var two = new TwoLatents();
        var loss = two.Loss(rand(16, 12).bernoulli(), new TrainingProgress(0, 1, 0, 1) { DatasetSize = 16 });
        loss.Total.backward();

        var heads = two.named_parameters().Where(p => p.name.StartsWith("z.") || p.name.StartsWith("w.")).ToList();
        Assert.Equal(8, heads.Count);
        Assert.All(heads, p => Assert.True(p.parameter.grad is { } g && g.abs().sum().item<float>() > 0, $"{p.name} has no gradient"));
    }

    [Fact]
    public void A_conditional_model_with_two_latents_trains_on_the_joint_bound_and_estimates_log_p_x()
    {
        Seeding.Set(6);
        using var model = new ConditionalTwoLatents();
        var x = rand(8, 12).bernoulli();
        var labels = tensor(new long[] { 0, 1, 2, 0, 1, 2, 0, 1 });

        var loss = model.ComputeLoss(x, labels, new TrainingProgress(0, 1, 0, 1) { DatasetSize = 8 });
        loss.Total.backward();
        Seeding.Set(9);
        var estimate = model.EstimateLogLikelihood(x, labels, 20)!;

        Assert.True(double.IsFinite(loss.Total.item<float>()));
        Assert.True(model.named_parameters().Where(p => p.name.StartsWith("w_prior.")).All(p => p.parameter.grad is { } g && g.abs().sum().item<float>() > 0));
        Assert.Equal(new long[] { 8 }, estimate.shape);
        Assert.True(estimate.isfinite().all().item<bool>());
        // With the same random draws, the same condition gives the same estimate and another condition another one:
        // the condition reaches the log-joint.
        Seeding.Set(9);
        Assert.True(estimate.allclose(model.EstimateLogLikelihood(x, labels, 20)!, rtol: 0, atol: 0));
        Seeding.Set(9);
        Assert.False(estimate.allclose(model.EstimateLogLikelihood(x, (labels + 1) % 3, 20)!));
    }

    /// <summary>Copies the encoder and decoder as they are and stacks the z and w heads into the single z head.</summary>
    private static void CopyInto(TwoLatents two, OneLatent one)
    {
        var source = two.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        using var _ = no_grad();
        foreach (var (name, target) in one.named_parameters())
        {
            var value = name.StartsWith("z.")
                ? cat(new[] { source[name], source["w." + name[2..]] }, 0)
                : source[name];
            Assert.Equal(target.shape, value.shape);
            target.copy_(value);
        }
    }

    private static void AssertClose(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.shape, actual.shape);
        var difference = (expected - actual).abs().max().item<float>();
        Assert.True(difference < 1e-4, $"largest difference {difference}: expected {expected.mean().item<float>()}, got {actual.mean().item<float>()}");
    }
}
