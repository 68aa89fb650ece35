using System;
using System.Linq;
using TorchSharp.Modules;
using VaeDsl.Runtime.Training;
using Xunit;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Tests.Training;

/// <summary>
/// Every optimiser setting of the language reaches libtorch: a few steps on the loss ½‖p‖² (gradient p, so it changes
/// from step to step and the moment estimates matter) follow the published update rules, written out here in double
/// precision. Each case uses values far from the defaults, so a setting that is dropped changes the trajectory.
/// </summary>
public sealed class OptimizerFactoryTests
{
    private static readonly double[] Start = { 1.5, -0.75, 0.25 };
    private const int Steps = 4;

    [Fact]
    public void AdamUsesItsBetasEpsilonAndCoupledWeightDecay()
    {
        var options = new TrainingOptions
        {
            Optimizer = OptimizerKind.Adam, LearningRate = 0.1, Beta1 = 0.5, Beta2 = 0.7, Epsilon = 0.3, WeightDecay = 0.2,
        };
        AssertFollows(options, AdamRule(options, decoupledDecay: false));
    }

    [Fact]
    public void AdamWDecaysTheWeightsApartFromTheGradient()
    {
        var options = new TrainingOptions
        {
            Optimizer = OptimizerKind.AdamW, LearningRate = 0.1, Beta1 = 0.6, Beta2 = 0.8, Epsilon = 0.2, WeightDecay = 0.5,
        };
        AssertFollows(options, AdamRule(options, decoupledDecay: true));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SgdUsesMomentumNesterovAndWeightDecay(bool nesterov)
    {
        var options = new TrainingOptions
        {
            Optimizer = OptimizerKind.Sgd, LearningRate = 0.2, Momentum = 0.6, Nesterov = nesterov, WeightDecay = 0.1,
        };
        AssertFollows(options, p =>
        {
            var buffer = new double[p.Length];
            return (step, g) =>
            {
                for (var i = 0; i < p.Length; i++)
                {
                    var grad = g[i] + options.WeightDecay * p[i];
                    buffer[i] = step == 1 ? grad : options.Momentum * buffer[i] + grad;
                    var direction = nesterov ? grad + options.Momentum * buffer[i] : buffer[i];
                    p[i] -= options.LearningRate * direction;
                }
            };
        });
    }

    [Fact]
    public void RmsPropUsesAlphaEpsilonMomentumAndWeightDecay()
    {
        var options = new TrainingOptions
        {
            Optimizer = OptimizerKind.RmsProp, LearningRate = 0.05, Alpha = 0.6, Epsilon = 0.1, Momentum = 0.4, WeightDecay = 0.3,
        };
        AssertFollows(options, p =>
        {
            var square = new double[p.Length];
            var buffer = new double[p.Length];
            return (step, g) =>
            {
                for (var i = 0; i < p.Length; i++)
                {
                    var grad = g[i] + options.WeightDecay * p[i];
                    square[i] = options.Alpha * square[i] + (1 - options.Alpha) * grad * grad;
                    buffer[i] = options.Momentum * buffer[i] + grad / (Math.Sqrt(square[i]) + options.Epsilon);
                    p[i] -= options.LearningRate * buffer[i];
                }
            };
        });
    }

    [Fact]
    public void TheDefaultsAreAnotherTrajectory()
    {
        // The guard for the tests above: the rules with the default betas give a different result, so matching them
        // cannot happen by accident of the loss.
        var tuned = Trajectory(new TrainingOptions { Optimizer = OptimizerKind.Adam, LearningRate = 0.1, Beta1 = 0.5, Beta2 = 0.7 });
        var defaults = Trajectory(new TrainingOptions { Optimizer = OptimizerKind.Adam, LearningRate = 0.1 });
        Assert.True(tuned.Zip(defaults, (a, b) => Math.Abs(a - b)).Max() > 1e-3);
    }

    /// <summary>
    /// Adam (Kingma and Ba) with bias-corrected moments; the weight decay is added to the gradient (Adam) or, decoupled,
    /// shrinks the weights before the update (AdamW, Loshchilov and Hutter).
    /// </summary>
    private static Func<double[], Action<int, double[]>> AdamRule(TrainingOptions options, bool decoupledDecay) => p =>
    {
        var m = new double[p.Length];
        var v = new double[p.Length];
        return (step, g) =>
        {
            for (var i = 0; i < p.Length; i++)
            {
                var grad = g[i];
                if (decoupledDecay)
                {
                    p[i] *= 1 - options.LearningRate * options.WeightDecay;
                }
                else
                {
                    grad += options.WeightDecay * p[i];
                }

                m[i] = options.Beta1 * m[i] + (1 - options.Beta1) * grad;
                v[i] = options.Beta2 * v[i] + (1 - options.Beta2) * grad * grad;
                var mHat = m[i] / (1 - Math.Pow(options.Beta1, step));
                var vHat = v[i] / (1 - Math.Pow(options.Beta2, step));
                p[i] -= options.LearningRate * mHat / (Math.Sqrt(vHat) + options.Epsilon);
            }
        };
    };

    /// <summary>Runs the optimiser from <see cref="Start"/> and compares each step with <paramref name="rule"/>.</summary>
    private static void AssertFollows(TrainingOptions options, Func<double[], Action<int, double[]>> rule)
    {
        var expected = (double[])Start.Clone();
        var update = rule(expected);
        using var parameter = new Parameter(tensor(Start.Select(v => (float)v).ToArray()));
        using var optimizer = OptimizerFactory.Create(new[] { parameter }, options);
        for (var step = 1; step <= Steps; step++)
        {
            var gradient = Step(parameter, optimizer);
            update(step, gradient);
            var actual = parameter.data<float>().ToArray();
            for (var i = 0; i < expected.Length; i++)
            {
                Assert.True(Math.Abs(actual[i] - expected[i]) < 1e-5,
                    $"{options.Optimizer}, step {step}, element {i}: libtorch {actual[i]:R}, rule {expected[i]:R}");
            }
        }
    }

    private static double[] Trajectory(TrainingOptions options)
    {
        using var parameter = new Parameter(tensor(Start.Select(v => (float)v).ToArray()));
        using var optimizer = OptimizerFactory.Create(new[] { parameter }, options);
        for (var step = 0; step < Steps; step++)
        {
            Step(parameter, optimizer);
        }

        return parameter.data<float>().ToArray().Select(v => (double)v).ToArray();
    }

    /// <summary>One step on ½‖p‖²; returns the gradient it used (p before the step).</summary>
    private static double[] Step(Parameter parameter, optim.Optimizer optimizer)
    {
        using var scope = NewDisposeScope();
        var gradient = parameter.data<float>().ToArray().Select(v => (double)v).ToArray();
        optimizer.zero_grad();
        (parameter.square().sum() * 0.5).backward();
        optimizer.step();
        return gradient;
    }
}
