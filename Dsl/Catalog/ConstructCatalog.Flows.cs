using System.Collections.Generic;
using static VaeDsl.Dsl.Catalog.ConstructParameter;

namespace VaeDsl.Dsl.Catalog;

public static partial class ConstructCatalog
{
    private static IEnumerable<Construct> FlowEntries()
    {
        var normal = new[] { "Normal" };
        yield return new Construct(ConstructKind.Flow, "planar", "Planar steps z + û tanh(wᵀz + b), û constrained so that wᵀû > −1 (Rezende and Mohamed, 2015).", new[]
        {
            Int("steps", "Number of steps K; 0 is the identity.", ValueRange.NonNegative, 4),
        })
        { Fits = normal, Runtime = "Flows.PlanarFlow", CountFlowParameters = f => f.Argument("steps") * (2 * f.LatentSize + 1) };
        yield return new Construct(ConstructKind.Flow, "radial", "Radial steps z + β (z − z₀) / (α + ‖z − z₀‖), β > −α by softplus (Rezende and Mohamed, 2015).", new[]
        {
            Int("steps", "Number of steps K; 0 is the identity.", ValueRange.NonNegative, 4),
        })
        { Fits = normal, Runtime = "Flows.RadialFlow", CountFlowParameters = f => f.Argument("steps") * (f.LatentSize + 2) };
        yield return new Construct(ConstructKind.Flow, "iaf", "Inverse autoregressive steps σ ⊙ z + (1 − σ) ⊙ m from a MADE network, the order reversed between steps (Kingma et al., 2016).", new[]
        {
            Int("steps", "Number of steps K; 0 is the identity.", ValueRange.NonNegative, 2),
            Int("hidden", "Units of each of the two hidden layers of a step's network.", defaultValue: 64),
            Bool("context", "Each step also reads the features the latent's heads read (the context h).", false),
        })
        {
            Fits = normal,
            Runtime = "Flows.InverseAutoregressiveFlow",
            ContextParameter = "context",
            // Per step: input (masked d → H), context (C → H), hidden (masked H → H), mean and gate (masked H → d).
            CountFlowParameters = f =>
            {
                var d = f.LatentSize;
                var h = f.Argument("hidden");
                var context = f.ContextFeatures > 0 ? f.ContextFeatures * h + h : 0;
                return f.Argument("steps") * (d * h + h + context + h * h + h + 2 * (h * d + d));
            },
        };
    }
}
