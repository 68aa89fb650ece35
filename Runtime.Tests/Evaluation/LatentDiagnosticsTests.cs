using System.Linq;
using VaeDsl.Runtime.Evaluation;
using VaeDsl.Runtime.Images;
using Xunit;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Tests.Evaluation;

public sealed class LatentDiagnosticsTests
{
    [Fact]
    public void ActiveUnitsCountsDimensionsWhosePosteriorMeanVariesAboveTheThreshold()
    {
        // Columns with population variances 1, 0.0025 and 0.25.
        var means = tensor(new[] { -1f, 0.05f, 0.5f, 1f, -0.05f, -0.5f }, new long[] { 2, 3 });
        Assert.Equal(2, ActiveUnits.Count(means));
        Assert.Equal(1, ActiveUnits.Count(means, threshold: 0.5));
        var variances = ActiveUnits.Variances(means);
        Assert.Equal(3, variances.Length);
        Assert.Equal(1.0, variances[0], 6);
        Assert.Equal(0.0025, variances[1], 6);
        Assert.Equal(0.25, variances[2], 6);
    }

    [Fact]
    public void TraversalVariesOneDimensionPerRow()
    {
        var codes = LatentPaths.Traversal(tensor(new[] { 0.5f, -1f }), steps: 3, range: 2).data<float>().ToArray();
        Assert.Equal(new[] { -2f, -1f, 0f, -1f, 2f, -1f, 0.5f, -2f, 0.5f, 0f, 0.5f, 2f }, codes);
    }

    [Fact]
    public void InterpolationRunsFromOneCodeToTheOther()
    {
        var codes = LatentPaths.Interpolation(tensor(new[] { 0f, 2f }), tensor(new[] { 1f, -2f }), steps: 3).data<float>().ToArray();
        Assert.Equal(new[] { 0f, 2f, 0.5f, 0f, 1f, -2f }, codes);
    }
}
