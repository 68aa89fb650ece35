using System;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Tests.Layers;

/// <summary>A custom layer of a .vae file is held to its declared shape when the stack is built: a dry run on a zero
/// batch of one example, in eval mode, whose failure names the place in the .vae file and both shapes.</summary>
public sealed class CustomLayerTests
{
    /// <summary>x · sigmoid(W x + b) on [n], with batch norm inside, which cannot run in training mode on one example.</summary>
    private sealed class Gate : nn.Module<Tensor, Tensor>
    {
        private readonly Linear gate;
        private readonly BatchNorm1d norm;

        public Gate(long features) : base(nameof(Gate))
        {
            gate = nn.Linear(features, features);
            norm = nn.BatchNorm1d(features);
            RegisterComponents();
        }

        public override Tensor forward(Tensor input) => input * sigmoid(norm.forward(gate.forward(input)));
    }

    /// <summary>Repeats each example along a new last dimension: [n] → [n, copies].</summary>
    private sealed class Copies(long copies) : nn.Module<Tensor, Tensor>(nameof(Copies))
    {
        public override Tensor forward(Tensor input) => input.unsqueeze(-1).expand(-1, -1, copies);
    }

    private sealed class Failing() : nn.Module<Tensor, Tensor>(nameof(Failing))
    {
        public override Tensor forward(Tensor input) => throw new InvalidOperationException("the weights are not loaded");
    }

    [Fact]
    public void A_module_producing_the_declared_shape_joins_the_stack_which_continues_from_it()
    {
        var stack = new LayerStack(8).Custom(new Gate(8), new long[] { 8 }, "m.vae(3,5)").Custom(new Copies(3), new long[] { 8, 3 }, "m.vae(4,5)").Flatten();

        Assert.Equal(new long[] { 24 }, stack.Shape);
        using var built = stack.Build();
        Assert.True(built.training);
        Assert.Equal(new[] { "0.gate.bias", "0.gate.weight", "0.norm.bias", "0.norm.num_batches_tracked", "0.norm.running_mean", "0.norm.running_var", "0.norm.weight" },
            built.state_dict().Keys.OrderBy(k => k, StringComparer.Ordinal));
        // The dry run left the batch-norm statistics alone and the module in training mode.
        var norm = (BatchNorm1d)((Gate)built.children().First()).named_children().First(c => c.name == "norm").module;
        Assert.Equal(0L, norm.num_batches_tracked!.item<long>());
        Assert.True(((Gate)built.children().First()).training);
        using var output = built.forward(ones(5, 8));
        Assert.Equal(new long[] { 5, 24 }, output.shape);
    }

    [Fact]
    public void A_module_producing_another_shape_fails_naming_the_place_and_the_shapes()
    {
        var error = Assert.Throws<ModelShapeException>(() => new LayerStack(8).Custom(new Copies(3), new long[] { 8, 4 }, "gated.vae(7,5)"));

        Assert.Equal("gated.vae(7,5): custom layer Copies is declared to turn [8] into [8, 4] but produces [8, 3]", error.Message);
    }

    [Fact]
    public void A_rule_over_the_input_sizes_is_checked_for_the_shape_the_stack_has_when_it_is_built()
    {
        var stack = new LayerStack(6).Custom(new Copies(2), 1, input => new[] { input[0], 2L }, "m.vae(2,3)");
        Assert.Equal(new long[] { 6, 2 }, stack.Shape);

        var rank = Assert.Throws<ModelShapeException>(() => new LayerStack(2, 3).Custom(new Copies(2), 1, input => new[] { input[0], 2L }, "m.vae(2,3)"));
        Assert.Equal("m.vae(2,3): custom layer Copies is declared for an input of 1 dimension(s) but receives [2, 3]", rank.Message);
    }

    [Fact]
    public void A_module_that_throws_on_the_dry_run_is_reported_with_its_message()
    {
        var error = Assert.Throws<ModelShapeException>(() => new LayerStack(4).Custom(new Failing(), new long[] { 4 }, "m.vae(9,1)"));

        Assert.Equal("m.vae(9,1): custom layer Failing fails on a batch of [4]: the weights are not loaded", error.Message);
    }
}
