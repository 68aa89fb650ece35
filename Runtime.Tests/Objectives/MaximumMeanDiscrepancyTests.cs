using System;
using System.Linq;
using VaeDsl.Runtime.Objectives;
using Xunit;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Tests.Objectives;

public sealed class MaximumMeanDiscrepancyTests
{
    [Fact]
    public void IdenticalSamplesHaveZeroDiscrepancy()
    {
        Seeding.Set(9);
        var x = randn(50, 4);
        Assert.Equal(0f, MaximumMeanDiscrepancy.Rbf(x, x.clone()).item<float>());
        Assert.Equal(0f, MaximumMeanDiscrepancy.InverseMultiquadric(x, x.clone()).item<float>());
    }

    [Fact]
    public void SmallSamplesMatchTheKernelSumsByHand()
    {
        // x = {0, 1}, y = {3} in one dimension.
        var x = tensor(new[] { 0f, 1f }, new long[] { 2, 1 });
        var y = tensor(new[] { 3f }, new long[] { 1, 1 });

        static double Rbf(double a, double b) => Math.Exp(-(a - b) * (a - b) / 2);
        var rbf = (Rbf(0, 0) + Rbf(0, 1) + Rbf(1, 0) + Rbf(1, 1)) / 4 + Rbf(3, 3) - 2 * (Rbf(0, 3) + Rbf(1, 3)) / 2;
        Assert.Equal(rbf, MaximumMeanDiscrepancy.Rbf(x, y).item<float>(), 5);

        static double Imq(double a, double b) => 2.0 / (2.0 + (a - b) * (a - b));
        var imq = (Imq(0, 0) + Imq(0, 1) + Imq(1, 0) + Imq(1, 1)) / 4 + Imq(3, 3) - 2 * (Imq(0, 3) + Imq(1, 3)) / 2;
        Assert.Equal(imq, MaximumMeanDiscrepancy.InverseMultiquadric(x, y).item<float>(), 5);
    }

    [Fact]
    public void ShiftedSamplesHavePositiveDiscrepancyGrowingWithTheShift()
    {
        Seeding.Set(10);
        var x = randn(200, 2);
        var near = MaximumMeanDiscrepancy.Rbf(x, randn(200, 2) + 0.5f).item<float>();
        var far = MaximumMeanDiscrepancy.Rbf(x, randn(200, 2) + 2f).item<float>();
        Assert.True(near > 0 && far > near, $"near {near}, far {far}");
        Assert.Throws<ArgumentException>(() => MaximumMeanDiscrepancy.Rbf(x, randn(3, 5)));
    }
}
