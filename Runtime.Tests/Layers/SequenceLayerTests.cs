using System;
using System.Linq;
using TorchSharp;
using VaeDsl.Runtime.Layers;
using Xunit;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Tests.Layers;

/// <summary>The sequence layers against what they must be whatever the weights: the state_dict keys of PyTorch's
/// modules, the final state as the matching step of the whole sequence, causal attention blind to later positions,
/// the sinusoids and the pixel shuffle's index map in closed form. (Their outputs are compared with PyTorch's own
/// modules, weight for weight, in PyTorchExport.Tests.)</summary>
public sealed class SequenceLayerTests
{
    private static string[] Keys(LayerStack stack) => stack.Build().state_dict().Keys.ToArray();

    [Fact]
    public void The_state_dict_keys_are_those_of_PyTorchs_modules()
    {
        Assert.Equal(
            new[] { "0.rnn.weight_ih_l0", "0.rnn.weight_hh_l0", "0.rnn.bias_ih_l0", "0.rnn.bias_hh_l0",
                    "0.rnn.weight_ih_l0_reverse", "0.rnn.weight_hh_l0_reverse", "0.rnn.bias_ih_l0_reverse", "0.rnn.bias_hh_l0_reverse" },
            Keys(new LayerStack(5, 3).Lstm(4, bidirectional: true)));
        Assert.Equal(new[] { "0.attention.in_proj_weight", "0.attention.in_proj_bias", "0.attention.out_proj.weight", "0.attention.out_proj.bias" },
            Keys(new LayerStack(5, 8).SelfAttention(2)));
        Assert.Equal(
            new[] { "0.self_attn.in_proj_weight", "0.self_attn.in_proj_bias", "0.self_attn.out_proj.weight", "0.self_attn.out_proj.bias",
                    "0.linear1.weight", "0.linear1.bias", "0.linear2.weight", "0.linear2.bias", "0.norm1.weight", "0.norm1.bias", "0.norm2.weight", "0.norm2.bias" },
            Keys(new LayerStack(5, 8).Transformer(2, 16)));
        Assert.Equal(new[] { "0.weight" }, Keys(new LayerStack(5, 8).Positional()));
        Assert.Empty(Keys(new LayerStack(5, 8).Positional("sinusoidal")));
    }

    [Theory]
    [InlineData("lstm")]
    [InlineData("gru")]
    public void The_last_state_is_the_forward_direction_at_the_last_step_and_the_backward_one_at_the_first(string kind)
    {
        Seeding.Set(1);
        var sequence = kind == "lstm" ? new LayerStack(6, 3).Lstm(4, layers: 2, bidirectional: true) : new LayerStack(6, 3).Gru(4, layers: 2, bidirectional: true);
        var whole = sequence.Build();
        var last = kind == "lstm" ? new LayerStack(6, 3).Lstm(4, layers: 2, bidirectional: true, output: "last") : new LayerStack(6, 3).Gru(4, layers: 2, bidirectional: true, output: "last");
        var final = last.Build();
        final.load_state_dict(whole.state_dict());
        var x = randn(2, 6, 3);

        var states = whole.call(x);
        var expected = cat(new[] { states[.., -1, ..4], states[.., 0, 4..] }, 1);

        Assert.Equal(new long[] { 6, 8 }, sequence.Shape);
        Assert.Equal(new long[] { 8 }, last.Shape);
        Assert.True(final.call(x).allclose(expected, rtol: 0, atol: 1e-6));
    }

    [Fact]
    public void Causal_attention_at_a_position_does_not_see_later_positions()
    {
        Seeding.Set(2);
        var attention = new LayerStack(7, 8).SelfAttention(2, causal: true).Build();
        var transformer = new LayerStack(7, 8).Transformer(2, 16, dropout: 0, causal: true).Build();
        var open = new LayerStack(7, 8).SelfAttention(2).Build();
        open.load_state_dict(attention.state_dict());
        var x = randn(1, 7, 8);
        var changed = x.clone();
        changed[.., 4..] = randn(1, 3, 8);

        foreach (var layer in new[] { attention, transformer })
        {
            Assert.True(layer.call(x)[.., ..4].allclose(layer.call(changed)[.., ..4], rtol: 0, atol: 1e-6));
            Assert.False(layer.call(x)[.., 4..].allclose(layer.call(changed)[.., 4..], rtol: 0, atol: 1e-3));
        }
        // Without the mask the first positions do see the change.
        Assert.False(open.call(x)[.., ..4].allclose(open.call(changed)[.., ..4], rtol: 0, atol: 1e-3));
    }

    [Fact]
    public void The_sinusoidal_encoding_adds_the_sines_and_cosines_of_Vaswani_et_al()
    {
        const int length = 9, embedding = 7;
        var added = new LayerStack(length, embedding).Positional("sinusoidal").Build().call(zeros(2, length, embedding));

        var values = added[1].data<float>().ToArray();
        for (var p = 0; p < length; p++)
        {
            for (var i = 0; i < embedding; i++)
            {
                var angle = p / Math.Pow(10000, 2 * (i / 2) / (double)embedding);
                Assert.Equal(i % 2 == 0 ? Math.Sin(angle) : Math.Cos(angle), values[p * embedding + i], 5);
            }
        }
    }

    [Fact]
    public void A_learned_position_table_starts_small_and_is_added_to_every_example()
    {
        Seeding.Set(3);
        var layer = new LayerStack(50, 40).Positional().Build();
        var table = layer.state_dict()["0.weight"];

        Assert.InRange(table.std().item<float>(), 0.018, 0.022);
        Assert.True(layer.call(ones(2, 50, 40))[1].allclose(table + 1));
    }

    [Fact]
    public void The_pixel_shuffle_moves_channel_c_r_r_plus_i_r_plus_j_to_offset_i_j_of_each_block()
    {
        const int r = 2;
        var stack = new LayerStack(2 * r * r, 3, 5).PixelShuffle(r);
        var x = arange(2 * r * r * 3 * 5, dtype: ScalarType.Float32).reshape(1, 2 * r * r, 3, 5);

        var output = stack.Build().call(x);

        Assert.Equal(new long[] { 2, 6, 10 }, stack.Shape);
        for (var c = 0; c < 2; c++)
            for (var h = 0; h < 3; h++)
                for (var w = 0; w < 5; w++)
                    for (var i = 0; i < r; i++)
                        for (var j = 0; j < r; j++)
                            Assert.Equal(x[0, c * r * r + i * r + j, h, w].item<float>(), output[0, c, h * r + i, w * r + j].item<float>());
    }

    [Fact]
    public void Teacher_forcing_puts_the_features_beside_the_embedding_of_the_previous_token()
    {
        var stack = new LayerStack(3) { Tokens = new TokenInput(5, 10) }.TeacherForcing(4, start: 9);
        var layer = stack.Build();
        layer.eval();
        var code = tensor(new float[] { 0.5f, -1, 2 }).reshape(1, 3);
        var tokens = tensor(new float[] { 3, 1, 4, 1, 5 }).reshape(1, 5);

        var output = layer.call(cat(new[] { code, tokens }, 1));

        Assert.Equal(new long[] { 5, 7 }, stack.Shape);
        var table = layer.state_dict()["0.embedding.weight"];
        var previous = new long[] { 9, 3, 1, 4, 1 };
        for (var t = 0; t < 5; t++)
        {
            Assert.True(output[0, t, ..3].allclose(code[0], rtol: 0, atol: 0));
            Assert.True(output[0, t, 3..].allclose(table[previous[t]], rtol: 0, atol: 0), $"position {t}");
        }
    }

    [Fact]
    public void Word_dropout_replaces_previous_tokens_by_the_unknown_one_at_its_rate_in_training_only()
    {
        Seeding.Set(4);
        var layer = new LayerStack(1) { Tokens = new TokenInput(101, 3) }.TeacherForcing(2, wordDropout: 0.25, unknown: 1).Build();
        var table = layer.state_dict()["0.embedding.weight"];
        var input = cat(new[] { zeros(400, 1), zeros(400, 101) }, 1); // every token 0

        var training = layer.call(input)[.., .., 1..];
        layer.eval();
        var evaluation = layer.call(input)[.., .., 1..];

        var unknown = training.sub(table[1]).abs().sum(-1).eq(0);
        Assert.False(unknown[.., 0].any().item<bool>()); // the start token is never dropped
        Assert.InRange(unknown[.., 1..].to_type(ScalarType.Float32).mean().item<float>(), 0.24, 0.26);
        Assert.True(evaluation.sub(table[0]).abs().sum(-1).eq(0).all().item<bool>());
    }

    [Fact]
    public void Greedy_decoding_fixes_each_position_from_the_tokens_before_it()
    {
        // A decoder whose logits at position t favour (token at t − 1) + 1: greedy decoding counts up from the start.
        var code = zeros(2, 1);
        var passes = 0;
        Tensor Logits(Tensor tokens)
        {
            passes++;
            var previous = cat(new[] { full(2, 1, 5f), tokens[.., ..^1] }, 1).to_type(ScalarType.Int64);
            return nn.functional.one_hot((previous + 1) % 10, 10).to_type(ScalarType.Float32);
        }

        var decoded = TokenDecoding.Greedy(code, 6, Logits);

        Assert.Equal(6, passes);
        Assert.Equal(new float[] { 6, 7, 8, 9, 0, 1, 6, 7, 8, 9, 0, 1 }, decoded.data<float>().ToArray());
    }

    [Fact]
    public void Impossible_sequence_shapes_name_the_layer_and_the_sizes()
    {
        Assert.Equal("layer 0 (self_attention): 3 heads do not divide the embedding size 8",
            Assert.Throws<ModelShapeException>(() => new LayerStack(5, 8).SelfAttention(3)).Message);
        Assert.Equal("layer 0 (pixel_shuffle): 6 channels are not divisible by 2² = 4",
            Assert.Throws<ModelShapeException>(() => new LayerStack(6, 4, 4).PixelShuffle(2)).Message);
        Assert.Equal("layer 0 (positional): expects [length, embedding] but the input shape is [8]",
            Assert.Throws<ModelShapeException>(() => new LayerStack(8).Positional()).Message);
    }
}
