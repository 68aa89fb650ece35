using System;
using System.Linq;
using TorchSharp;
using VaeDsl.Runtime.Distributions;
using VaeDsl.Runtime.Flows;
using VaeDsl.Runtime.Objectives;
using Xunit;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Tests.Flows;

/// <summary>
/// The flows against closed forms: no steps and the degenerate parameters are the identity with log-determinant 0; each
/// flow's log-determinant is log |det J| of its Jacobian computed by autograd, one row at a time; an IAF step's
/// Jacobian is lower triangular with σ on its diagonal; and a flowed Normal of no steps is the Normal itself. Amortised
/// planar and radial steps compute their parameters for each example from its features: each example's log-determinant
/// is that of its own Jacobian, zero head weights (with the biases that make the step the identity) give the identity,
/// and different features give different transforms.
/// </summary>
public sealed class FlowTests
{
    private const long Size = 5;

    private static NormalizingFlow Create(string kind, long steps, long contextFeatures = 0) => kind switch
    {
        "planar" => new PlanarFlow(Size, steps, contextFeatures),
        "radial" => new RadialFlow(Size, steps, contextFeatures),
        _ => new InverseAutoregressiveFlow(Size, steps, hidden: 16, contextFeatures),
    };

    /// <summary>The Jacobian ∂f(z)/∂z [d, d] of one example, row i from the gradient of output i, in float64.</summary>
    private static Tensor Jacobian(Func<Tensor, Tensor> f, Tensor z)
    {
        var input = z.detach().clone().requires_grad_(true);
        var output = f(input);
        var rows = new Tensor[Size];
        for (var i = 0; i < Size; i++)
        {
            rows[i] = autograd.grad(new[] { output[0, i] }, new[] { input }, retain_graph: true)[0][0];
        }

        return stack(rows);
    }

    private static double LogAbsDeterminant(Tensor matrix) => linalg.slogdet(matrix).Item2.item<double>();

    [Theory]
    [InlineData("planar")]
    [InlineData("radial")]
    [InlineData("iaf")]
    public void A_flow_of_no_steps_is_the_identity(string kind)
    {
        var flow = Create(kind, 0);
        var z = randn(4, Size);

        var result = flow.Transform(z);

        Assert.True(result.Value.equal(z).all().item<bool>());
        Assert.Equal(new float[4], result.LogDeterminant.data<float>().ToArray());
    }

    [Fact]
    public void Planar_with_u_zero_is_the_identity_with_log_determinant_zero()
    {
        Seeding.Set(1);
        var step = new PlanarStep(Size);
        using (no_grad())
        {
            step.U.zero_();
            step.B.fill_(0.7);
        }
        var z = randn(6, Size);

        var result = step.Apply(z);

        Assert.Equal(0.0, step.ConstrainedU().abs().max().item<float>());
        Assert.True(result.Value.equal(z).all().item<bool>());
        Assert.All(result.LogDeterminant.data<float>().ToArray(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Radial_with_beta_zero_is_the_identity_with_log_determinant_zero()
    {
        Seeding.Set(2);
        var step = new RadialStep(Size);
        using (no_grad())
        {
            // β = −softplus(a) + softplus(c) is 0 for c = a.
            step.Beta.copy_(step.Alpha);
        }
        var z = randn(6, Size);

        var result = step.Apply(z);

        Assert.True(result.Value.equal(z).all().item<bool>());
        Assert.All(result.LogDeterminant.data<float>().ToArray(), v => Assert.Equal(0f, v));
    }

    [Theory]
    [InlineData("planar", 0L)]
    [InlineData("radial", 0L)]
    [InlineData("iaf", 0L)]
    [InlineData("iaf", 3L)]
    public void The_log_determinant_is_that_of_the_Jacobian_computed_by_autograd(string kind, long contextFeatures)
    {
        Seeding.Set(3);
        var flow = Create(kind, 3, contextFeatures);
        flow.to(ScalarType.Float64);
        if (kind == "planar")
        {
            // Large u and w, so that the constraint on û is active in some step (wᵀu < −1 before it).
            using var _ = no_grad();
            for (var k = 0; k < 3; k++)
            {
                var step = (PlanarStep)flow.Step(k);
                step.U.mul_(4);
                step.W.mul_(-3);
            }
        }
        var context = contextFeatures > 0 ? randn(1, contextFeatures, dtype: ScalarType.Float64) : null;

        for (var example = 0; example < 5; example++)
        {
            var z = randn(1, Size, dtype: ScalarType.Float64) * 1.5;
            var expected = LogAbsDeterminant(Jacobian(input => flow.Transform(input, context).Value, z));

            var logDeterminant = flow.Transform(z, context).LogDeterminant.item<double>();

            Assert.Equal(expected, logDeterminant, 9);
        }
    }

    [Theory]
    [InlineData("planar")]
    [InlineData("radial")]
    public void Each_examples_amortised_log_determinant_is_that_of_its_own_Jacobian_computed_by_autograd(string kind)
    {
        Seeding.Set(9);
        const long Features = 3;
        const int Batch = 6;
        var flow = Create(kind, 3, Features);
        flow.to(ScalarType.Float64);
        if (kind == "planar")
        {
            // Large u and w heads, so that the constraint on û is active for some examples (wᵀu < −1 before it).
            using var _ = no_grad();
            for (var k = 0; k < 3; k++)
            {
                var step = (AmortizedPlanarStep)flow.Step(k);
                step.UHead.weight!.mul_(4);
                step.WHead.weight!.mul_(-3);
            }
        }
        var context = randn(Batch, Features, dtype: ScalarType.Float64) * 2;
        var z = randn(Batch, Size, dtype: ScalarType.Float64) * 1.5;

        var logDeterminant = flow.Transform(z, context).LogDeterminant.data<double>().ToArray();

        Assert.Equal(Batch, logDeterminant.Length);
        for (var example = 0; example < Batch; example++)
        {
            var h = context[example].unsqueeze(0);
            var expected = LogAbsDeterminant(Jacobian(input => flow.Transform(input, h).Value, z[example].unsqueeze(0)));

            Assert.Equal(expected, logDeterminant[example], 9);
        }
        // The examples' log-determinants differ: each example has a step of its own.
        Assert.True(logDeterminant.Max() - logDeterminant.Min() > 1e-3);
    }

    [Fact]
    public void An_amortised_planar_step_with_zero_head_weights_and_u_bias_zero_is_the_identity()
    {
        Seeding.Set(10);
        var step = new AmortizedPlanarStep(Size, contextFeatures: 3);
        using (no_grad())
        {
            step.UHead.weight!.zero_();
            step.UHead.bias!.zero_();
            step.WHead.weight!.zero_();
            step.BHead.weight!.zero_();
        }
        var z = randn(6, Size);
        var h = randn(6, 3);

        var result = step.Apply(z, h);

        Assert.Equal(0.0, step.Parameters(h).ConstrainedU.abs().max().item<float>());
        Assert.True(result.Value.equal(z).all().item<bool>());
        Assert.All(result.LogDeterminant.data<float>().ToArray(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void An_amortised_radial_step_with_zero_head_weights_and_equal_alpha_and_beta_biases_is_the_identity()
    {
        Seeding.Set(11);
        var step = new AmortizedRadialStep(Size, contextFeatures: 3);
        using (no_grad())
        {
            step.CenterHead.weight!.zero_();
            step.AlphaHead.weight!.zero_();
            step.BetaHead.weight!.zero_();
            // β = −softplus(a) + softplus(c) is 0 for c = a.
            step.BetaHead.bias!.copy_(step.AlphaHead.bias!);
        }
        var z = randn(6, Size);

        var result = step.Apply(z, randn(6, 3));

        Assert.True(result.Value.equal(z).all().item<bool>());
        Assert.All(result.LogDeterminant.data<float>().ToArray(), v => Assert.Equal(0f, v));
    }

    [Theory]
    [InlineData("planar")]
    [InlineData("radial")]
    public void Two_examples_with_different_features_get_different_transforms_and_equal_features_the_same(string kind)
    {
        Seeding.Set(12);
        var flow = Create(kind, 2, contextFeatures: 3);
        // The same code for all three examples; the first two have the same features, the third other ones.
        var z = randn(1, Size).expand(3, Size).contiguous();
        var h = randn(2, 3);
        var context = cat(new[] { h[0].unsqueeze(0), h[0].unsqueeze(0), h[1].unsqueeze(0) }, 0);

        var result = flow.Transform(z, context);

        Assert.True(result.Value[0].equal(result.Value[1]).all().item<bool>());
        Assert.True((result.Value[0] - result.Value[2]).abs().max().item<float>() > 1e-3);
        Assert.True(Math.Abs((result.LogDeterminant[0] - result.LogDeterminant[2]).item<float>()) > 1e-4);
    }

    [Fact]
    public void The_amortised_planar_constraint_gives_each_example_w_transposed_u_hat_of_m_of_w_transposed_u_above_minus_one()
    {
        Seeding.Set(13);
        var step = new AmortizedPlanarStep(Size, contextFeatures: 3);
        step.to(ScalarType.Float64);
        using (no_grad())
        {
            step.WHead.weight!.copy_(step.UHead.weight! * -4);
            step.WHead.bias!.copy_(step.UHead.bias! * -4);
        }
        var h = randn(8, 3, dtype: ScalarType.Float64);

        var (uHat, w, _) = step.Parameters(h);
        var wu = (w * step.UHead.forward(h)).sum(1);
        var expected = nn.functional.softplus(wu + Math.Log(Math.E - 1)) - 1;

        // Before the constraint, wᵀu < −1 for some examples; after it, wᵀû = m(wᵀu) > −1 for each.
        Assert.True(wu.lt(-1).sum().item<long>() >= 2);
        Assert.Equal(expected.data<double>().ToArray(), (w * uHat).sum(1).data<double>().ToArray(), new ToleranceComparer(1e-9));
        Assert.True(expected.gt(-1).all().item<bool>());
    }

    [Theory]
    [InlineData("planar")]
    [InlineData("radial")]
    public void An_amortised_flow_without_features_says_that_it_needs_them(string kind)
    {
        var error = Assert.Throws<ArgumentException>(() => Create(kind, 1, contextFeatures: 3).Transform(zeros(2, Size)));

        Assert.Contains("features", error.Message);
    }

    [Fact]
    public void The_planar_constraint_keeps_w_transposed_u_hat_above_minus_one()
    {
        Seeding.Set(4);
        var step = new PlanarStep(Size);
        using (no_grad())
        {
            step.W.copy_(step.U * -10);
        }

        Assert.True(step.W.dot(step.U).item<float>() < -1);
        Assert.True(step.W.dot(step.ConstrainedU()).item<float>() > -1);
    }

    [Fact]
    public void An_IAF_step_has_a_lower_triangular_Jacobian_with_the_gates_on_its_diagonal()
    {
        Seeding.Set(5);
        var step = new IafStep(Size, hiddenUnits: 16, contextFeatures: 2);
        step.to(ScalarType.Float64);
        var z = randn(1, Size, dtype: ScalarType.Float64);
        var h = randn(1, 2, dtype: ScalarType.Float64);

        var jacobian = Jacobian(input => step.Apply(input, h).Value, z);
        var sigma = step.Network(z, h).GateLogits.sigmoid()[0];

        Assert.Equal(0.0, jacobian.triu(1).abs().max().item<double>());
        Assert.Equal(sigma.data<double>().ToArray(), jacobian.diagonal().data<double>().ToArray(), new ToleranceComparer(1e-12));
        // Not diagonal: the network really makes later dimensions depend on earlier ones.
        Assert.True(jacobian.tril(-1).abs().max().item<double>() > 1e-4);
        Assert.Equal(sigma.log().sum().item<double>(), step.Apply(z, h).LogDeterminant.item<double>(), 12);
    }

    [Fact]
    public void The_MADE_masks_let_output_j_see_inputs_before_j_only()
    {
        var (toHidden, hiddenToHidden, toOutput) = IafStep.Masks(4, 7);
        // Paths from input i to output j through both hidden layers: nonzero exactly when i < j.
        var paths = toOutput.matmul(hiddenToHidden).matmul(toHidden);

        for (var j = 0; j < 4; j++)
        {
            for (var i = 0; i < 4; i++)
            {
                Assert.Equal(i < j, paths[j, i].item<float>() > 0);
            }
        }
    }

    [Fact]
    public void A_flowed_Normal_of_no_steps_has_the_Normal_sample_and_the_same_log_density_exactly()
    {
        var normal = new DiagonalNormal(randn(8, Size), randn(8, Size) * 0.3);
        var flowed = new FlowedNormal(normal, new PlanarFlow(Size, 0));

        Seeding.Set(6);
        var sample = flowed.Sample();
        Seeding.Set(6);
        var plain = normal.Sample();

        Assert.True(sample.Value.equal(plain).all().item<bool>());
        Assert.True(sample.LogProb.equal(normal.LogProb(plain)).all().item<bool>());
        Assert.True(flowed.FlowedMean.equal(normal.Mean).all().item<bool>());
    }

    [Fact]
    public void The_Monte_Carlo_KL_of_a_flow_of_no_steps_converges_to_the_analytic_KL_within_its_standard_error()
    {
        const int Draws = 40_000;
        var mean = tensor(new float[] { 0.5f, -1.0f, 0.0f, 2.0f, 0.3f });
        var logVar = tensor(new float[] { -0.5f, 0.2f, 1.0f, -1.5f, 0.0f });
        var normal = new DiagonalNormal(mean.expand(Draws, Size), logVar.expand(Draws, Size));
        var flowed = new FlowedNormal(normal, new RadialFlow(Size, 0));
        var prior = new StandardNormalPrior(Size);
        Seeding.Set(7);

        var kl = prior.KlMonteCarlo(flowed.Sample()).to_type(ScalarType.Float64);
        var estimate = kl.mean().item<double>();
        var standardError = kl.std().item<double>() / Math.Sqrt(Draws);
        var analytic = normal.KlToStandardNormal()[0].item<float>();

        Assert.InRange(estimate, analytic - 4 * standardError, analytic + 4 * standardError);
        Assert.True(standardError < 0.02, $"standard error {standardError}");
    }

    [Fact]
    public void The_importance_weighted_estimate_through_a_flowed_Normal_of_no_steps_equals_the_Normal_one()
    {
        var normal = new DiagonalNormal(randn(3, Size), randn(3, Size) * 0.3);
        var flowed = new FlowedNormal(normal, new InverseAutoregressiveFlow(Size, 0, hidden: 8));
        Tensor LogJoint(Tensor z) => StandardNormalPrior.LogDensity(z) - z.sum(1);

        Seeding.Set(8);
        var viaFlow = ImportanceWeighted.EstimateLogLikelihood(flowed, 10, LogJoint);
        Seeding.Set(8);
        var viaNormal = ImportanceWeighted.EstimateLogLikelihood(normal, 10, LogJoint);
        Seeding.Set(8);
        var bound = ImportanceWeighted.Bound((ISampledPosterior)flowed, 10, LogJoint);

        Assert.True(viaFlow.equal(viaNormal).all().item<bool>());
        Assert.Equal(viaNormal.data<float>().ToArray(), bound.data<float>().ToArray(), new ToleranceComparer(1e-5));
    }

    [Fact]
    public void A_flow_on_codes_of_the_wrong_size_says_which_size_it_needs()
    {
        var error = Assert.Throws<ArgumentException>(() => new PlanarFlow(Size, 2).Transform(zeros(3, 4)));

        Assert.Contains("[B, 5]", error.Message);
        Assert.Contains("[3, 4]", error.Message);
    }

    private sealed class ToleranceComparer(double tolerance) : System.Collections.Generic.IEqualityComparer<double>, System.Collections.Generic.IEqualityComparer<float>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;

        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }
}
