using TorchSharp;

namespace VaeDsl.Runtime;

/// <summary>Seeds libtorch's global CPU generator, which drives initialisation, shuffling and sampling.</summary>
public static class Seeding
{
    /// <summary>Seeds the global generator; call it before constructing a model so initial weights are reproducible.</summary>
    public static void Set(long seed) => torch.manual_seed(seed);
}
