using System;
using System.Globalization;
using System.IO;
using System.Linq;
using VaeDsl.Runtime.Quantization;
using VaeDsl.Testing;
using Xunit;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Tests.Quantization;

/// <summary>The quantiser of <c>VectorQuantized</c> latents against brute force, hand-computed steps, closed forms and
/// PyTorch.</summary>
public sealed class VectorQuantizerTests
{
    private static VectorQuantizer WithCodebook(double[,] codes, bool ema = false, double decay = 0.99, bool restart = false, long restartEvery = 0)
    {
        var quantizer = new VectorQuantizer(codes.GetLength(0), codes.GetLength(1), ema: ema, decay: decay, restart: restart, restartEvery: restartEvery);
        using (no_grad())
        {
            quantizer.Codebook.copy_(tensor(codes, ScalarType.Float32));
            if (ema)
            {
                quantizer.ClusterSize!.fill_(1.0);
                quantizer.EmbeddingSum!.copy_(tensor(codes, ScalarType.Float32));
            }
        }
        return quantizer;
    }

    [Fact]
    public void The_nearest_code_is_that_of_a_brute_force_search()
    {
        manual_seed(5);
        var flat = randn(200, 3, dtype: ScalarType.Float64);
        var codebook = randn(9, 3, dtype: ScalarType.Float64);
        var found = VectorQuantizer.NearestCodes(flat, codebook).data<long>().ToArray();
        var x = flat.data<double>().ToArray();
        var e = codebook.data<double>().ToArray();
        for (var i = 0; i < 200; i++)
        {
            var distances = Enumerable.Range(0, 9).Select(k => Enumerable.Range(0, 3).Sum(d => Math.Pow(x[i * 3 + d] - e[k * 3 + d], 2))).ToList();
            Assert.Equal(distances.IndexOf(distances.Min()), found[i]);
        }
    }

    [Fact]
    public void Each_position_of_a_convolutional_output_is_quantised_along_its_channels()
    {
        var quantizer = WithCodebook(new double[,] { { 0, 0 }, { 10, 10 } });
        quantizer.eval();
        // [1, 2, 1, 2]: position 0 is (1, 1), position 1 is (9, 8).
        var inputs = tensor(new float[] { 1, 9, 1, 8 }, new long[] { 1, 2, 1, 2 });
        var q = quantizer.Quantize(inputs);
        Assert.Equal(new long[] { 0, 1 }, q.Codes.flatten().data<long>().ToArray());
        Assert.Equal(new long[] { 1, 1, 2 }, q.Codes.shape);
        Assert.Equal(new float[] { 0, 10, 0, 10 }, q.Quantized.flatten().data<float>().ToArray());
        Assert.Equal(new float[] { 0, 10, 0, 10 }, quantizer.Lookup(q.Codes).flatten().data<float>().ToArray());
    }

    [Fact]
    public void The_straight_through_gradient_is_the_decoders_gradient_at_the_quantised_value()
    {
        manual_seed(11);
        var quantizer = new VectorQuantizer(6, 3);
        var weights = randn(2, 3, 2, 2);
        Tensor Decoder(Tensor z) => (z.tanh() * weights).sum().square();

        var inputs = randn(2, 3, 2, 2).requires_grad_();
        var quantization = quantizer.Quantize(inputs);
        Decoder(quantization.Quantized).backward();

        var atCodes = quantizer.Lookup(quantization.Codes).detach().requires_grad_();
        Decoder(atCodes).backward();
        // z + sg[e − z] is e up to the rounding of one addition.
        AssertClose(atCodes.detach().data<float>().ToArray(), quantization.Quantized.detach().data<float>().ToArray(), 1e-6);
        AssertClose(atCodes.grad!.data<float>().ToArray(), inputs.grad!.data<float>().ToArray(), 1e-5);
    }

    [Fact]
    public void A_moving_average_step_is_the_hand_computed_one()
    {
        const double decay = 0.5, epsilon = 1e-5;
        var quantizer = WithCodebook(new double[,] { { 0 }, { 4 } }, ema: true, decay: decay);
        quantizer.train();
        var q = quantizer.Quantize(tensor(new float[] { 0.1f, 0.3f, 1.9f, 5f }, new long[] { 4, 1 }));
        // Assigned with the codebook before the step: 0.1, 0.3, 1.9 to code 0, 5 to code 1.
        Assert.Equal(new float[] { 0, 0, 0, 4 }, q.Quantized.flatten().data<float>().ToArray());
        var n0 = decay * 1 + (1 - decay) * 3;
        var n1 = decay * 1 + (1 - decay) * 1;
        var m0 = decay * 0 + (1 - decay) * (0.1 + 0.3 + 1.9);
        var m1 = decay * 4 + (1 - decay) * 5;
        var total = n0 + n1;
        double Smoothed(double n) => (n + epsilon) / (total + 2 * epsilon) * total;
        AssertClose(new[] { n0, n1 }, quantizer.ClusterSize!.to(ScalarType.Float64).data<double>().ToArray(), 1e-6);
        AssertClose(new[] { m0, m1 }, quantizer.EmbeddingSum!.to(ScalarType.Float64).flatten().data<double>().ToArray(), 1e-6);
        AssertClose(new[] { m0 / Smoothed(n0), m1 / Smoothed(n1) }, quantizer.Codebook.to(ScalarType.Float64).flatten().data<double>().ToArray(), 1e-6);
    }

    [Fact]
    public void Perplexity_and_usage_of_known_counts_are_their_closed_forms()
    {
        var counts = tensor(new long[] { 2, 2, 0, 4 });
        Assert.Equal(0.75, CodebookStatistics.Usage(counts), 12);
        var entropy = -(0.25 * Math.Log(0.25) * 2 + 0.5 * Math.Log(0.5));
        Assert.Equal(Math.Exp(entropy), CodebookStatistics.Perplexity(counts), 12);
        Assert.Equal(4.0, CodebookStatistics.Perplexity(tensor(new long[] { 3, 3, 3, 3 })), 12);
        Assert.Equal(1.0, CodebookStatistics.Perplexity(tensor(new long[] { 0, 7, 0, 0 })), 12);
    }

    [Fact]
    public void An_epoch_reports_the_usage_and_perplexity_of_its_assignments_and_evaluation_does_not_count()
    {
        var quantizer = WithCodebook(new double[,] { { 0 }, { 10 }, { 20 }, { 30 } });
        quantizer.train();
        quantizer.Quantize(tensor(new float[] { 1, 2, 9 }, new long[] { 3, 1 }));
        quantizer.Quantize(tensor(new float[] { 11, 0, 1 }, new long[] { 3, 1 }));
        quantizer.eval();
        quantizer.Quantize(tensor(new float[] { 30, 30, 20 }, new long[] { 3, 1 }));
        var figures = quantizer.EndEpoch().ToDictionary(f => f.Key, f => f.Value);
        // Training assigned code 0 four times and code 1 twice.
        Assert.Equal(0.5, figures["usage"], 12);
        Assert.Equal(Math.Exp(-(4.0 / 6 * Math.Log(4.0 / 6) + 2.0 / 6 * Math.Log(2.0 / 6))), figures["perplexity"], 9);
        Assert.Empty(quantizer.EndEpoch());
    }

    [Fact]
    public void An_evaluation_reports_the_usage_and_perplexity_of_the_codes_assigned_in_eval_mode_since_it_began()
    {
        var quantizer = WithCodebook(new double[,] { { 0 }, { 10 }, { 20 }, { 30 } });
        quantizer.eval();
        quantizer.Quantize(tensor(new float[] { 30, 30 }, new long[] { 2, 1 }));
        quantizer.BeginEvaluation();
        quantizer.Quantize(tensor(new float[] { 1, 2, 9 }, new long[] { 3, 1 }));
        quantizer.train();
        quantizer.Quantize(tensor(new float[] { 20, 20, 20 }, new long[] { 3, 1 }));
        quantizer.eval();
        quantizer.Quantize(tensor(new float[] { 0, 11, 1, 0 }, new long[] { 4, 1 }));
        var figures = quantizer.EndEvaluation().ToDictionary(f => f.Key, f => f.Value);

        // Evaluated: code 0 five times and code 1 twice; neither the batch before nor the training batch counts.
        Assert.Equal(new[] { "perplexity", "usage" }, figures.Keys.OrderBy(k => k, StringComparer.Ordinal));
        Assert.Equal(0.5, figures["usage"], 12);
        Assert.Equal(Math.Exp(-(5.0 / 7 * Math.Log(5.0 / 7) + 2.0 / 7 * Math.Log(2.0 / 7))), figures["perplexity"], 9);
        Assert.Empty(quantizer.EndEvaluation());
        quantizer.Quantize(tensor(new float[] { 30 }, new long[] { 1, 1 }));
        Assert.Empty(quantizer.EndEvaluation());
        // The training epoch counted its own batch only: code 2 three times.
        var epoch = quantizer.EndEpoch().ToDictionary(f => f.Key, f => f.Value);
        Assert.Equal(0.25, epoch["usage"], 12);
        Assert.Equal(1.0, epoch["perplexity"], 12);
    }

    [Fact]
    public void The_restart_counters_carry_a_pending_check_into_another_quantiser()
    {
        var codebook = new double[,] { { 0 }, { 100 }, { 200 } };
        var quantizer = WithCodebook(codebook, restart: true, restartEvery: 2);
        quantizer.train();
        quantizer.Quantize(tensor(new float[] { 1 }, new long[] { 1, 1 }));
        quantizer.Quantize(tensor(new float[] { 99 }, new long[] { 1, 1 }));
        var counters = quantizer.RestartCounters();
        Assert.Equal(new[] { "check_counts", "steps_since_check", "check_due" }, counters.Select(c => c.Key));
        Assert.Equal(new long[] { 1, 1, 0 }, counters[0].Value);
        Assert.Equal(new long[] { 2 }, counters[1].Value);
        Assert.Equal(new long[] { 1 }, counters[2].Value);

        // The copy restarts code 2, unused in the two steps before, at its next batch, as the original does.
        var copy = WithCodebook(codebook, restart: true, restartEvery: 2);
        copy.train();
        copy.RestoreRestartCounters(counters);
        copy.Quantize(tensor(new float[] { 7 }, new long[] { 1, 1 }));
        quantizer.Quantize(tensor(new float[] { 7 }, new long[] { 1, 1 }));
        Assert.Equal(7f, copy.Codebook[2, 0].item<float>());
        Assert.Equal(quantizer.Codebook.data<float>().ToArray(), copy.Codebook.data<float>().ToArray());
        Assert.Equal(quantizer.RestartCounters().SelectMany(c => c.Value), copy.RestartCounters().SelectMany(c => c.Value));

        Assert.Empty(WithCodebook(codebook).RestartCounters());
        var error = Assert.Throws<ArgumentException>(() => WithCodebook(new double[,] { { 0 }, { 1 } }, restart: true).RestoreRestartCounters(counters));
        Assert.Contains("check_counts (3)", error.Message);
    }

    [Fact]
    public void Codes_unused_over_an_epoch_are_restarted_from_the_next_batchs_encoder_outputs()
    {
        var quantizer = WithCodebook(new double[,] { { 0, 0 }, { 1, 1 }, { 100, 100 }, { -100, -100 } }, restart: true);
        quantizer.train();
        quantizer.Quantize(tensor(new float[] { 0, 0.1f, 1, 0.9f }, new long[] { 2, 2 }));
        Assert.Equal(0.0, quantizer.EndEpoch().Single(f => f.Key == "restarted").Value);

        var batch = tensor(new float[] { 5, 5, 6, 6, 7, 7 }, new long[] { 3, 2 });
        quantizer.Quantize(batch);
        var codebook = quantizer.Codebook.detach();
        Assert.Equal(new float[] { 0, 0, 1, 1 }, codebook[..2].flatten().data<float>().ToArray());
        var rows = batch.data<float>().Chunk(2).Select(r => (r[0], r[1])).ToList();
        foreach (var code in new[] { 2, 3 })
        {
            var row = codebook[code].data<float>().ToArray();
            Assert.Contains((row[0], row[1]), rows);
        }
        Assert.Equal(2.0, quantizer.EndEpoch().Single(f => f.Key == "restarted").Value);
    }

    [Fact]
    public void With_restart_every_n_steps_the_check_comes_after_n_training_steps()
    {
        var quantizer = WithCodebook(new double[,] { { 0 }, { 100 } }, restart: true, restartEvery: 2);
        quantizer.train();
        quantizer.Quantize(tensor(new float[] { 1 }, new long[] { 1, 1 }));
        quantizer.Quantize(tensor(new float[] { 2 }, new long[] { 1, 1 }));
        Assert.Equal(100f, quantizer.Codebook[1, 0].item<float>());
        quantizer.Quantize(tensor(new float[] { 3 }, new long[] { 1, 1 }));
        Assert.Equal(3f, quantizer.Codebook[1, 0].item<float>());
    }

    [Fact]
    public void The_losses_and_gradients_are_those_of_PyTorch_on_fixed_tensors()
    {
        var x = Enumerable.Range(0, 2 * 3 * 2 * 2).Select(i => (float)Math.Sin(i * 1.3) * 2).ToArray();
        var e = Enumerable.Range(0, 5 * 3).Select(i => (float)Math.Cos(i * 0.7)).ToArray();
        var quantizer = new VectorQuantizer(5, 3, commitment: 0.25);
        using (no_grad()) quantizer.Codebook.copy_(tensor(e, new long[] { 5, 3 }));
        var inputs = tensor(x, new long[] { 2, 3, 2, 2 }).requires_grad_();
        var q = quantizer.Quantize(inputs);
        var loss = quantizer.Loss(q);
        loss.backward();

        string List(float[] values) => "[" + string.Join(", ", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "]";
        var script = $$"""
            import torch
            x = torch.tensor({{List(x)}}).reshape(2, 3, 2, 2).requires_grad_()
            e = torch.tensor({{List(e)}}).reshape(5, 3).requires_grad_()
            flat = x.permute(0, 2, 3, 1).reshape(-1, 3)
            codes = ((flat[:, None, :] - e[None, :, :]) ** 2).sum(-1).argmin(1)
            q = e[codes].reshape(2, 2, 2, 3).permute(0, 3, 1, 2)
            codebook = ((q - x.detach()) ** 2).sum((1, 2, 3))
            commitment = ((x - q.detach()) ** 2).sum((1, 2, 3))
            loss = (codebook + 0.25 * commitment).mean()
            (x + (q - x).detach()).sum().backward(retain_graph=True)
            st = x.grad.clone()
            x.grad = None
            loss.backward()
            for t in (codes, codebook, commitment, loss.reshape(1), e.grad, x.grad, st):
                print(" ".join(repr(float(v)) for v in t.flatten()))
            """;
        var result = ProcessRunner.Run("/usr/bin/python3", new[] { "-W", "error", "-c", script }, Path.GetTempPath());
        Assert.True(result.ExitCode == 0, result.Output);
        var lines = result.StandardOutput.Trim().Split('\n').Select(l => l.Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        Assert.Equal(lines[0], q.Codes.flatten().data<long>().ToArray().Select(c => (double)c));
        AssertClose(lines[1], q.CodebookLoss.data<float>().ToArray().Select(v => (double)v).ToArray(), 1e-5);
        AssertClose(lines[2], q.CommitmentLoss.data<float>().ToArray().Select(v => (double)v).ToArray(), 1e-5);
        AssertClose(lines[3], new[] { (double)loss.item<float>() }, 1e-5);
        AssertClose(lines[4], quantizer.Codebook.grad!.data<float>().ToArray().Select(v => (double)v).ToArray(), 1e-5);
        AssertClose(lines[5], inputs.grad!.data<float>().ToArray().Select(v => (double)v).ToArray(), 1e-5);
        // The commitment part alone reaches the encoder; the straight-through path adds the decoder's gradient (ones here).
        Assert.All(lines[6], v => Assert.Equal(1.0, v));
    }

    [Fact]
    public void With_moving_averages_vq_is_the_weighted_commitment_loss_alone()
    {
        var quantizer = WithCodebook(new double[,] { { 0 }, { 4 } }, ema: true);
        quantizer.eval();
        var q = quantizer.Quantize(tensor(new float[] { 1, 5 }, new long[] { 2, 1 }));
        Assert.Equal(0.25 * (1 + 1) / 2, quantizer.Loss(q).item<float>(), 6);
        Assert.DoesNotContain(quantizer.parameters(), p => true);
    }

    private static void AssertClose(double[] expected, double[] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * Math.Max(1, Math.Abs(expected[i])), $"element {i}: expected {expected[i]}, got {actual[i]}");
        }
    }

    private static void AssertClose(float[] expected, float[] actual, double tolerance) =>
        AssertClose(expected.Select(v => (double)v).ToArray(), actual.Select(v => (double)v).ToArray(), tolerance);
}
