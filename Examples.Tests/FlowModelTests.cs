using System.Linq;
using VaeDsl.Examples.Tests.Flows;
using VaeDsl.Runtime;
using VaeDsl.Runtime.Distributions;
using Xunit;
using static TorchSharp.torch;

namespace VaeDsl.Examples.Tests;

/// <summary>
/// Generated models with flows. A flow of no steps must give the plain Normal model's figures (same weights, same seed):
/// the same sample and log-density exactly, the same bound and log p(x) estimate, and a Monte Carlo KL within its
/// standard error of the closed form. A flow of several steps must pass gradients to every one of its parameters.
/// </summary>
public sealed class FlowModelTests
{
    [Fact]
    public void A_zero_step_flow_draws_the_plain_Normal_sample_and_log_density_exactly()
    {
        Seeding.Set(1);
        using var flowed = new ZeroStepPlanar();
        using var plain = new PlainNormal();
        plain.load_state_dict(flowed.state_dict());
        var x = rand(16, 12).bernoulli();

        Seeding.Set(2);
        var flowedOutput = flowed.Forward(x);
        Seeding.Set(2);
        var plainOutput = plain.Forward(x);

        Assert.True(flowedOutput.Z.Value.equal(plainOutput.Z).all().item<bool>());
        Assert.True(flowedOutput.Z.LogProb.equal(plainOutput.Posterior.Z.LogProb(plainOutput.Z)).all().item<bool>());
        Assert.True(flowedOutput.Logits.equal(plainOutput.Logits).all().item<bool>());
        Assert.True(flowed.Reconstruct(x).equal(plain.Reconstruct(x)).all().item<bool>());
    }

    [Fact]
    public void The_Monte_Carlo_KL_of_a_zero_step_flow_converges_to_the_analytic_KL_within_its_standard_error()
    {
        const int Copies = 20_000;
        Seeding.Set(3);
        using var flowed = new ZeroStepPlanar();
        using var plain = new PlainNormal();
        plain.load_state_dict(flowed.state_dict());
        var x = rand(1, 12).bernoulli().expand(Copies, 12);
        using var noGrad = no_grad();

        Seeding.Set(4);
        var output = flowed.Forward(x);
        Seeding.Set(4);
        var monteCarlo = flowed.Loss(x, TrainingProgress.Evaluation).Kl.item<float>();
        var analytic = plain.Loss(x, TrainingProgress.Evaluation).Kl.item<float>();

        // The per-example estimates behind the loss's mean: log q(z|x) − log p(z) at each example's own sample.
        var perExample = (output.Z.LogProb - StandardNormalPrior.LogDensity(output.Z.Value)).to_type(ScalarType.Float64);
        var standardError = perExample.std().item<double>() / System.Math.Sqrt(Copies);
        Assert.Equal(perExample.mean().item<double>(), monteCarlo, 4);
        Assert.InRange(monteCarlo, analytic - 4 * standardError, analytic + 4 * standardError);
        Assert.True(analytic > 10 * standardError, $"KL {analytic} is too small for the test to tell ({standardError})");
    }

    [Fact]
    public void A_zero_step_flow_gives_the_plain_bound_and_log_likelihood_estimate()
    {
        Seeding.Set(5);
        using var flowed = new ZeroStepIaf();
        using var plain = new PlainIwae();
        plain.load_state_dict(flowed.state_dict());
        var x = rand(16, 12).bernoulli();

        Seeding.Set(6);
        var flowedBound = flowed.Loss(x, TrainingProgress.Evaluation).Iwae.item<float>();
        var flowedEstimate = flowed.EstimateLogLikelihood(x, null, 30);
        Seeding.Set(6);
        var plainBound = plain.Loss(x, TrainingProgress.Evaluation).Iwae.item<float>();
        var plainEstimate = plain.EstimateLogLikelihood(x, null, 30);

        Assert.Equal(plainBound, flowedBound);
        Assert.True(flowedEstimate.equal(plainEstimate).all().item<bool>());
        Assert.True(flowedEstimate.std().item<float>() > 1e-3);
    }

    [Fact]
    public void Every_parameter_of_every_flow_of_the_tour_gets_a_gradient()
    {
        Seeding.Set(7);
        using var model = new Tour.Flows();
        var x = rand(16, 1, 28, 28);

        model.Loss(x, new TrainingProgress(1, 2, 0, 1) { DatasetSize = 16 }).Total.backward();

        var flowParameters = model.named_parameters().Where(p => p.name.Contains("_flow.")).ToList();
        // amortised planar: 4 steps × the heads of u, w, b × (weight, bias); radial: 2 × (center, alpha, beta); iaf: 2 × 5
        // layers × (weight, bias).
        Assert.Equal(4 * 3 * 2 + 2 * 3 + 2 * 5 * 2, flowParameters.Count);
        Assert.All(flowParameters, p => Assert.True(p.parameter.grad is { } grad && grad.abs().sum().item<float>() > 0, $"{p.name} has no gradient"));
        Assert.Contains(flowParameters, p => p.name == "v_flow.steps.1.context.weight");
        Assert.Contains(flowParameters, p => p.name == "z_flow.steps.3.u.weight");
    }
}
