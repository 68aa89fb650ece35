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
            Bool("amortized", "Each example's u, w and b come from linear heads on the features the latent's heads read, instead of one u, w and b per step for all examples.", false) with { OmittedWhenDefault = true },
        })
        {
            Fits = normal,
            Runtime = "Flows.PlanarFlow",
            ContextParameter = "amortized",
            // Per step u, w [d] and b [1]; amortised, each from a linear head on the C features (weights and bias).
            CountFlowParameters = f => f.Argument("steps") * (2 * f.LatentSize + 1) * (f.ContextFeatures + 1),
        };
        yield return new Construct(ConstructKind.Flow, "radial", "Radial steps z + β (z − z₀) / (α + ‖z − z₀‖), β > −α by softplus (Rezende and Mohamed, 2015).", new[]
        {
            Int("steps", "Number of steps K; 0 is the identity.", ValueRange.NonNegative, 4),
            Bool("amortized", "Each example's z₀, α and β come from linear heads on the features the latent's heads read, instead of one z₀, α and β per step for all examples.", false) with { OmittedWhenDefault = true },
        })
        {
            Fits = normal,
            Runtime = "Flows.RadialFlow",
            ContextParameter = "amortized",
            // Per step z₀ [d], a and c [1]; amortised, each from a linear head on the C features (weights and bias).
            CountFlowParameters = f => f.Argument("steps") * (f.LatentSize + 2) * (f.ContextFeatures + 1),
        };
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
