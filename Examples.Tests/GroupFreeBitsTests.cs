using VaeDsl.Examples.Tests.FreeBits;
using VaeDsl.Runtime;
using Xunit;
using static TorchSharp.torch;

namespace VaeDsl.Examples.Tests;

/// <summary>Free bits on a latent without a per-dimension KL (mixture-of-Gaussians prior) act on the whole latent.</summary>
public sealed class GroupFreeBitsTests
{
    [Theory]
    [InlineData(0.001)]
    [InlineData(50.0)]
    public void The_objective_counts_the_latents_kl_as_at_least_its_budget(double budget)
    {
        Seeding.Set(2);
        using var model = new MixtureFreeBits(new MixtureFreeBitsOptions { Budget = budget });
        var x = rand(16, 12).bernoulli();

        var loss = model.Loss(x, new TrainingProgress(0, 1, 0, 1) { DatasetSize = 16 });

        var kl = loss.Kl.item<float>();
        var expected = loss.Recon.item<float>() + System.Math.Max(kl, budget * 4);
        Assert.Equal(expected, loss.Total.item<float>(), 3);
        // The small budget leaves the KL as it is, the large one replaces it.
        Assert.True(budget < 1 ? kl > budget * 4 : kl < budget * 4, $"KL {kl} against a budget of {budget * 4}");
    }
}
