using System.Linq;
using Xunit;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Tests;

/// <summary>Normalisation layers start as PyTorch's do: scale 1 and shift 0, so a fresh model is the identity
/// transform of normalised activations, not a function of whatever memory the weights were allocated in.</summary>
public sealed class NormInitialisationTests
{
    [Fact]
    public void Group_layer_and_batch_norms_start_with_unit_scale_and_zero_shift()
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var stack = new LayerStack(16, 7, 7).GroupNorm(4).LayerNorm().BatchNorm().Build();
            foreach (var (name, parameter) in stack.named_parameters())
            {
                var expected = name.EndsWith("weight") ? 1f : 0f;
                Assert.True(parameter.data<float>().ToArray().All(v => v == expected), $"{name} does not start at {expected}");
            }
        }
    }
}
