using System;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Flows;

/// <summary>
/// K steps of a normalizing flow over a latent of <see cref="LatentSize"/> dimensions, z_K = f_K ∘ … ∘ f₁(z₀), with
/// Σₖ log |det ∂fₖ/∂zₖ₋₁|. The language's flows derive from it; their constructor takes the latent size, then the
/// flow's parameters in catalogue order. The steps' state_dict keys are <c>steps.0.*</c>, <c>steps.1.*</c>, ….
/// </summary>
public abstract class NormalizingFlow : nn.Module
{
#pragma warning disable IDE1006 // field names are state_dict keys and follow PyTorch's snake_case
    private readonly ModuleList<FlowStep> steps;
#pragma warning restore IDE1006

    /// <summary>Creates <paramref name="stepCount"/> steps with <paramref name="createStep"/> (given the step's index).</summary>
    /// <exception cref="ModelShapeException">A latent size that is not positive, or a negative number of steps.</exception>
    protected NormalizingFlow(string name, long latentSize, long stepCount, Func<long, FlowStep> createStep) : base(name)
    {
        ArgumentNullException.ThrowIfNull(createStep);
        if (latentSize <= 0)
        {
            throw new ModelShapeException($"{name}: latent size must be positive but is {latentSize}");
        }

        if (stepCount < 0)
        {
            throw new ModelShapeException($"{name}: the number of steps must be at least 0 but is {stepCount}");
        }

        LatentSize = latentSize;
        steps = new ModuleList<FlowStep>();
        for (long k = 0; k < stepCount; k++)
        {
            steps.Add(createStep(k));
        }

        RegisterComponents();
    }

    /// <summary>The number of latent dimensions.</summary>
    public long LatentSize { get; }

    /// <summary>The number of steps, K.</summary>
    public long StepCount => steps.Count;

    /// <summary>Step <paramref name="index"/> (from 0).</summary>
    public FlowStep Step(int index) => steps[index];

    /// <summary>Whether the order of the latent's dimensions is reversed before every step after the first, so that
    /// autoregressive steps condition each dimension on different others (a permutation: its log-determinant is 0).</summary>
    protected virtual bool ReversesBetweenSteps => false;

    /// <summary>z_K [B, d] from z₀ [B, d], and Σₖ log |det ∂fₖ/∂zₖ₋₁| per example, [B] (zero for a flow of no steps).</summary>
    /// <param name="z0">Codes, [B, LatentSize].</param>
    /// <param name="context">Features each step may read, [B, C]; null for none.</param>
    /// <exception cref="ArgumentException"><paramref name="z0"/> is not [B, LatentSize].</exception>
    public FlowResult Transform(Tensor z0, Tensor? context = null)
    {
        ArgumentNullException.ThrowIfNull(z0);
        if (z0.dim() != 2 || z0.shape[1] != LatentSize)
        {
            throw new ArgumentException($"{GetName()}: codes must be [B, {LatentSize}] but are [{string.Join(", ", z0.shape)}]", nameof(z0));
        }

        var z = z0;
        var logDeterminant = zeros(z0.shape[0], dtype: z0.dtype, device: z0.device);
        for (var k = 0; k < steps.Count; k++)
        {
            if (k > 0 && ReversesBetweenSteps)
            {
                z = z.flip(1);
            }

            var step = steps[k].Apply(z, context);
            z = step.Value;
            logDeterminant = logDeterminant + step.LogDeterminant;
        }

        return new FlowResult(z, logDeterminant);
    }
}
