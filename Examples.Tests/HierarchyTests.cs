using System;
using System.Linq;
using VaeDsl.Examples.Tests.Combinations;
using VaeDsl.Runtime;
using VaeDsl.Runtime.Data;
using VaeDsl.Runtime.Training;
using Xunit;
using static TorchSharp.torch;

namespace VaeDsl.Examples.Tests;

/// <summary>
/// The generated two-stochastic-layer models of Hierarchical.vae (bottom-up) and of the tour (Ladder, top-down), with
/// the heads of each conditional prior set to zero so that p(z1|z2) = N(0, I): each layer's reported KL is then the
/// closed form (or, bottom-up, the sampled log q − log N(0, I)) computed here in doubles from the same pass, and the
/// log weight behind log p(x) is the sum of the log-densities of that pass. The models of HierarchyCombinations.vae put
/// a teacher-forced decoder and custom layers in a hierarchy.
/// </summary>
public sealed class HierarchyTests
{
    private static void ZeroConditionalPriorHeads(VaeModule model)
    {
        using var _ = no_grad();
        foreach (var (name, parameter) in model.named_parameters())
        {
            var parts = name.Split('.');
            if (parts.Length == 3 && parts[0].EndsWith("_prior", StringComparison.Ordinal) && parts[1] is "mean" or "log_var") parameter.zero_();
        }
    }

    private static double[] Rows(Tensor t) => t.to(ScalarType.Float64).data<double>().ToArray();

    /// <summary>KL(N(m, exp(lv)) ‖ N(0, I)) per example, from [B, d] tensors, in doubles.</summary>
    private static double[] KlToStandardNormal(Tensor mean, Tensor logVar)
    {
        var (m, lv, d) = (Rows(mean), Rows(logVar), (int)mean.shape[1]);
        return Enumerable.Range(0, (int)mean.shape[0]).Select(i =>
            Enumerable.Range(0, d).Sum(j => 0.5 * (Math.Exp(lv[i * d + j]) + m[i * d + j] * m[i * d + j] - lv[i * d + j] - 1))).ToArray();
    }

    /// <summary>log N(z; m, exp(lv)) per example, in doubles.</summary>
    private static double[] LogNormal(Tensor z, Tensor mean, Tensor logVar)
    {
        var (x, m, lv, d) = (Rows(z), Rows(mean), Rows(logVar), (int)z.shape[1]);
        return Enumerable.Range(0, (int)z.shape[0]).Select(i => Enumerable.Range(0, d).Sum(j =>
            -0.5 * (Math.Log(2 * Math.PI) + lv[i * d + j] + (x[i * d + j] - m[i * d + j]) * (x[i * d + j] - m[i * d + j]) / Math.Exp(lv[i * d + j])))).ToArray();
    }

    [Fact]
    public void Top_down_with_a_standard_normal_conditional_prior_each_layer_kl_is_the_closed_form()
    {
        Seeding.Set(4);
        using var model = new Tour.Ladder();
        ZeroConditionalPriorHeads(model);
        var x = randn(16, 64);

        Seeding.Set(9);
        var loss = model.Loss(x, TrainingProgress.Evaluation);
        Seeding.Set(9);
        var output = model.Forward(x);

        Assert.Equal(0.0, Rows(output.PriorZ1.Mean).Max(Math.Abs));
        Assert.Equal(0.0, Rows(output.PriorZ1.LogVar).Max(Math.Abs));
        foreach (var (reported, posterior) in new[] { (loss.KlZ1, output.Posterior.Z1), (loss.KlZ2, output.Posterior.Z2), (loss.KlZ3, output.Posterior.Z3) })
        {
            Assert.Equal(KlToStandardNormal(posterior.Mean, posterior.LogVar).Average(), reported.item<float>(), 4);
        }
        Assert.Equal((loss.KlZ1 + loss.KlZ2 + loss.KlZ3).item<float>(), loss.Kl.item<float>(), 5);
        // The merge with N(0, I) shrinks z1's bottom-up estimate: a variance below 1 everywhere.
        Assert.True(Rows(output.Posterior.Z1.LogVar).Max() < 0);
    }

    [Fact]
    public void Bottom_up_each_layer_kl_and_the_log_weight_are_the_log_densities_of_the_pass()
    {
        Seeding.Set(4);
        using var model = new TwoLayer();
        ZeroConditionalPriorHeads(model);
        var x = rand(8, 1, 28, 28).bernoulli();

        Seeding.Set(9);
        var loss = model.Loss(x, TrainingProgress.Evaluation);
        Seeding.Set(9);
        var output = model.Forward(x);
        Seeding.Set(9);
        var estimate = Rows(model.EstimateLogLikelihood(x, null, 1)!);

        var (q1, q2) = (output.Posterior.Z1, output.Posterior.Z2);
        var zeros1 = zeros_like(output.Z1);
        var logQ1 = LogNormal(output.Z1, q1.Mean, q1.LogVar);
        var logP1 = LogNormal(output.Z1, zeros1, zeros1);
        Assert.Equal(logQ1.Zip(logP1, (q, p) => q - p).Average(), loss.KlZ1.item<float>(), 3);
        Assert.Equal(KlToStandardNormal(q2.Mean, q2.LogVar).Average(), loss.KlZ2.item<float>(), 4);

        // One sample: log p(x|z1) + log N(z1; 0, I) + log N(z2; 0, I) − log q(z1|x) − log q(z2|z1), the Bernoulli by hand.
        var logits = Rows(output.Logits.flatten(1));
        var pixels = Rows(x.flatten(1));
        var zeros2 = zeros_like(output.Z2);
        var logP2 = LogNormal(output.Z2, zeros2, zeros2);
        var logQ2 = LogNormal(output.Z2, q2.Mean, q2.LogVar);
        for (var i = 0; i < 8; i++)
        {
            var likelihood = Enumerable.Range(0, 784).Sum(j => pixels[i * 784 + j] * logits[i * 784 + j] - Math.Log(1 + Math.Exp(logits[i * 784 + j])));
            var weight = likelihood + logP1[i] + logP2[i] - logQ1[i] - logQ2[i];
            Assert.Equal(weight, estimate[i], 2);
        }
    }

    /// <summary>−log p(x|z) per example of a TokenCategorical, summed over positions, from logits [B, L, V] in doubles.</summary>
    private static double[] TokenCrossEntropy(Tensor logits, Tensor tokens)
    {
        var (l, t) = (Rows(logits), Rows(tokens));
        var (batch, length, vocab) = ((int)logits.shape[0], (int)logits.shape[1], (int)logits.shape[2]);
        return Enumerable.Range(0, batch).Select(i => Enumerable.Range(0, length).Sum(p =>
        {
            var row = Enumerable.Range(0, vocab).Select(v => l[(i * length + p) * vocab + v]).ToArray();
            var max = row.Max();
            var logSum = max + Math.Log(row.Sum(v => Math.Exp(v - max)));
            return logSum - row[(int)t[i * length + p]];
        })).ToArray();
    }

    /// <summary>Words of 6 tokens in [2, 10) that count up by one from a random start: each token follows from the one before.</summary>
    private static Tensor CountingWords(int count) => (randint(2, 10, new long[] { count, 1 }) + arange(6).unsqueeze(0) - 2).remainder(8).add(2).to_type(ScalarType.Float32);

    [Fact]
    public void A_bottom_up_hierarchy_with_a_teacher_forced_decoder_reports_the_token_cross_entropy_and_each_layer_kl_of_its_pass()
    {
        Seeding.Set(4);
        using var model = new HierarchicalWords();
        model.eval();
        var x = CountingWords(8);

        Seeding.Set(9);
        var loss = model.Loss(x, TrainingProgress.Evaluation);
        Seeding.Set(9);
        var output = model.Forward(x);

        Assert.Equal(new long[] { 8, 6, 10 }, output.Logits.shape);
        Assert.Equal(TokenCrossEntropy(output.Logits, x).Average(), loss.Recon.item<float>(), 4);
        // z1 is sampled against p(z1|z2) at the sample of z2; z2's KL to N(0, I) is the closed form.
        var (q1, q2) = (output.Posterior.Z1, output.Posterior.Z2);
        var logQ1 = LogNormal(output.Z1, q1.Mean, q1.LogVar);
        var logP1 = LogNormal(output.Z1, output.PriorZ1.Mean, output.PriorZ1.LogVar);
        Assert.Equal(logQ1.Zip(logP1, (q, p) => q - p).Average(), loss.KlZ1.item<float>(), 4);
        Assert.Equal(KlToStandardNormal(q2.Mean, q2.LogVar).Average(), loss.KlZ2.item<float>(), 4);
        Assert.Equal((loss.Recon + loss.KlZ1 + loss.KlZ2).item<float>(), loss.Total.item<float>(), 4);
    }

    [Fact]
    public void A_bottom_up_hierarchy_with_a_teacher_forced_decoder_decodes_greedily_and_trains()
    {
        Seeding.Set(4);
        using var model = new HierarchicalWords();
        var train = new TensorDataSet(CountingWords(256));
        var options = new TrainingOptions { Epochs = 4, BatchSize = 32, Seed = 2, Threads = 2, LearningRate = 1e-2, Progress = ProgressMode.None };

        var history = new Trainer(model, options).Fit(train);

        // Uniform logits cost 6 · log 10 = 13.8 nats a word; each counting word is nearly fixed by its first token.
        Assert.True(history[0].TrainLoss > history[^1].TrainLoss + 2, string.Join(", ", history.Select(e => e.TrainLoss)));
        model.eval();
        using var noGrad = no_grad();
        var x = CountingWords(5);
        var samples = model.Sample(7);
        var reconstruction = model.Reconstruct(x);
        // Decoded token by token; read back through the shifted input, each position's most likely token is itself.
        var logits = model.Decode(model.Encode(x).Z1.Mean, reconstruction);
        Assert.Equal(new long[] { 7, 6 }, samples.shape);
        Assert.True(samples.ge(0).all().item<bool>() && samples.lt(10).all().item<bool>() && samples.eq(samples.round()).all().item<bool>());
        Assert.True(logits.argmax(-1).to_type(ScalarType.Float32).allclose(reconstruction, rtol: 0, atol: 0));
    }

    [Fact]
    public void A_top_down_hierarchy_with_custom_layers_in_every_network_builds_them_and_reports_each_layer_kl_in_closed_form()
    {
        Seeding.Set(4);
        using var model = new GatedLadder();
        ZeroConditionalPriorHeads(model);
        var x = randn(16, 12);

        Seeding.Set(9);
        var loss = model.Loss(x, TrainingProgress.Evaluation);
        Seeding.Set(9);
        var output = model.Forward(x);

        // Four Gate modules, each a square linear map with its bias, which the .vae file cannot count.
        Assert.Equal(GatedLadder.DefaultParameterCount + 2 * (16 * 16 + 16) + (8 * 8 + 8) + (6 * 6 + 6), model.ParameterCount);
        var names = model.named_parameters().Select(p => p.name).ToList();
        Assert.Contains("z2_network.1.gate.weight", names);
        Assert.Contains("z1_prior.network.1.gate.weight", names);
        Assert.Equal(new long[] { 16, 12 }, output.Mean.shape);
        Assert.Equal(new long[] { 5, 12 }, model.Sample(5).shape);
        foreach (var (reported, posterior) in new[] { (loss.KlZ1, output.Posterior.Z1), (loss.KlZ2, output.Posterior.Z2) })
        {
            Assert.Equal(KlToStandardNormal(posterior.Mean, posterior.LogVar).Average(), reported.item<float>(), 4);
        }
    }
}
