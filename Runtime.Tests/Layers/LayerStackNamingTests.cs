using System;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using VaeDsl.Runtime.Distributions;
using Xunit;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Tests.Layers;

public sealed class LayerStackNamingTests
{
    private sealed class MlpShape : nn.Module
    {
#pragma warning disable IDE0052 // registered by reflection, read through state_dict
        private readonly Sequential encoder;
        private readonly DiagonalNormalHead z;
        private readonly Sequential decoder;
#pragma warning restore IDE0052

        public MlpShape() : base(nameof(MlpShape))
        {
            var encoderStack = new LayerStack(1, 28, 28).Flatten().Linear(400).ReLU();
            encoder = encoderStack.Build();
            z = new DiagonalNormalHead(encoderStack.Shape[0], 20);
            decoder = new LayerStack(20).Linear(400).ReLU().Linear(784).Reshape(1, 28, 28).Build();
            RegisterComponents();
        }
    }

    [Fact]
    public void StateDictKeysFollowPyTorchSequentialNumbering()
    {
        using var model = new MlpShape();
        var keys = model.state_dict().Keys.OrderBy(k => k, StringComparer.Ordinal).ToArray();

        Assert.Equal(
            new[]
            {
                "decoder.0.bias", "decoder.0.weight", "decoder.2.bias", "decoder.2.weight",
                "encoder.1.bias", "encoder.1.weight",
                "z.log_var.bias", "z.log_var.weight", "z.mean.bias", "z.mean.weight",
            },
            keys);
        Assert.Equal(new long[] { 400, 784 }, model.state_dict()["encoder.1.weight"].shape);
    }

    [Fact]
    public void NestedAndNormalisationLayersHaveStableKeys()
    {
        using var model = new LayerStack(4, 6, 6).BatchNorm().Residual(b => b.Conv2d(4, kernel: 3, padding: 1)).Build();
        var keys = model.state_dict().Keys.ToHashSet();

        Assert.Contains("0.running_mean", keys);
        Assert.Contains("0.weight", keys);
        Assert.Contains("1.body.0.weight", keys);
        Assert.Contains("1.body.0.bias", keys);
    }
}
