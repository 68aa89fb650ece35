using System;
using System.Linq;
using VaeDsl.Runtime.Plots;
using Xunit;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Tests.Plots;

public sealed class PrincipalComponentsTests
{
    [Fact]
    public void PointsOnALineGiveThatLineAsTheFirstDirection()
    {
        // x = c + t·u with u = (0.6, -0.8, 0) and t = -2, -1, 0, 1, 2: the sample variance along u is 10/4 = 2.5,
        // the mean is c, and the coordinates along u are t itself (u's largest entry, -0.8, is made positive, so -t).
        var t = tensor(new double[] { -2, -1, 0, 1, 2 });
        var u = tensor(new double[] { 0.6, -0.8, 0 });
        var c = tensor(new double[] { 5, 1, -3 });
        var points = c + t.unsqueeze(1) * u;

        var pca = PrincipalComponents.Fit(points.to(ScalarType.Float32), 1);

        Assert.Equal(new[] { -0.6, 0.8, 0.0 }, pca.Directions[0].data<double>().ToArray(), new Tolerance(1e-6));
        Assert.Equal(2.5, pca.ExplainedVariance[0].item<double>(), 5);
        Assert.Equal(new[] { 5.0, 1.0, -3.0 }, pca.Mean.data<double>().ToArray(), new Tolerance(1e-5));
        Assert.Equal(new[] { 2.0, 1.0, 0.0, -1.0, -2.0 }, pca.Projected[.., 0].contiguous().data<double>().ToArray(), new Tolerance(1e-5));
    }

    [Fact]
    public void PointsOnAPlaneAreSpannedByTheFirstTwoDirections()
    {
        // A grid a·e₁ + b·e₂ in the plane spanned by e₁ = (1, 1, 1, 0)/√3 and e₂ = (1, −1, 0, 2)/√6, with the
        // spread along e₁ (a = ±3) larger than along e₂ (b = ±1): the components are e₁ then e₂, variances 9·4/3 = 12
        // and 4/3 for the four corners, and a third direction has no variance.
        var s = 1 / Math.Sqrt(3);
        var e1 = tensor(new[] { s, s, s, 0 });
        var r = 1 / Math.Sqrt(6);
        var e2 = tensor(new[] { r, -r, 0, 2 * r });
        var a = tensor(new double[] { 3, 3, -3, -3 });
        var b = tensor(new double[] { 1, -1, 1, -1 });
        var points = a.unsqueeze(1) * e1 + b.unsqueeze(1) * e2;

        var pca = PrincipalComponents.Fit(points, 3);

        Assert.Equal(e1.data<double>().ToArray(), pca.Directions[0].data<double>().ToArray(), new Tolerance(1e-9));
        Assert.Equal(e2.data<double>().ToArray(), pca.Directions[1].data<double>().ToArray(), new Tolerance(1e-9));
        Assert.Equal(new[] { 12.0, 4.0 / 3.0, 0.0 }, pca.ExplainedVariance.data<double>().ToArray(), new Tolerance(1e-9));
        Assert.Equal(a.data<double>().ToArray(), pca.Projected[.., 0].contiguous().data<double>().ToArray(), new Tolerance(1e-9));
        Assert.Equal(b.data<double>().ToArray(), pca.Projected[.., 1].contiguous().data<double>().ToArray(), new Tolerance(1e-9));
    }

    [Fact]
    public void TooFewPointsOrComponentsAreRejected()
    {
        Assert.Contains("at least 2 points", Assert.Throws<ArgumentException>(() => PrincipalComponents.Fit(zeros(1, 3), 1)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => PrincipalComponents.Fit(zeros(5, 3), 4));
        Assert.Contains("[5]", Assert.Throws<ArgumentException>(() => PrincipalComponents.Fit(zeros(5), 1)).Message);
    }

    private sealed class Tolerance : System.Collections.Generic.IEqualityComparer<double>
    {
        private readonly double epsilon;

        public Tolerance(double epsilon) => this.epsilon = epsilon;

        public bool Equals(double x, double y) => Math.Abs(x - y) <= epsilon;

        public int GetHashCode(double value) => 0;
    }
}
