using System;
using System.Diagnostics;
using System.Linq;
using VaeDsl.Runtime.Data;
using VaeDsl.Runtime.Evaluation;
using VaeDsl.Runtime.Training;
using static TorchSharp.torch;

namespace VaeDsl.Bench.Throughput;

/// <summary>
/// The test log p(x) estimate of Burda et al. (K = 5,000 importance samples per image) on the shipped test digits:
/// the Runtime's <see cref="LogLikelihood.Estimate"/> on the generated MnistMlp against the same estimate written by
/// hand in TorchSharp on a <see cref="HandWrittenMlp"/> holding the same weights, one after the other in this process,
/// each decoding <c>--batch</c> images at a time. Both print the estimate, so they can be seen to compute the same thing.
/// </summary>
internal static class LogLikelihoodBenchmark
{
    public static int Run(BenchmarkSettings settings, TensorDataSet train, TensorDataSet test)
    {
        var threads = settings.Threads[0];
        using var model = GeneratedTraining.Create(ModelKind.Mlp, seed: 11);
        new Trainer(model, GeneratedTraining.Options(model, settings.Epochs, threads)).Fit(train);
        using var handWritten = new HandWrittenMlp();
        CopyWeights(model, handWritten);
        model.eval();
        handWritten.eval();
        set_num_threads(threads);
        Console.WriteLine($"MnistMlp trained {settings.Epochs} epochs on {train.Count} images; log p(x) on {test.Count} test images, " +
                          $"K = {settings.Samples}, {settings.Batch} images decoded at once, {threads} thread(s)");

        (double Wall, double Processor)? generatedTime = null, handTime = null;
        if (settings.Only != "hand-written")
        {
            manual_seed(1);
            var (estimate, time) = Timed(() => LogLikelihood.Estimate(model, test, settings.Samples, settings.Batch));
            generatedTime = time;
            Console.WriteLine($"generated + Runtime:  {estimate.Mean:F3} ± {estimate.StandardError:F3} nats   {time.Wall,7:F1} s   processor {time.Processor,7:F1} s");
        }

        if (settings.Only != "generated")
        {
            manual_seed(2);
            var (estimate, time) = Timed(() => HandWrittenEstimate(handWritten, test.Inputs, settings.Samples, settings.Batch));
            handTime = time;
            Console.WriteLine($"hand-written loop:    {estimate:F3} nats           {time.Wall,7:F1} s   processor {time.Processor,7:F1} s");
        }

        if (generatedTime is { } g && handTime is { } h)
        {
            Console.WriteLine($"ratio generated / hand-written: {g.Wall / h.Wall:F3} (wall clock), {g.Processor / h.Processor:F3} (processor)");
        }

        return 0;
    }

    private static (T Result, (double Wall, double Processor) Time) Timed<T>(Func<T> run)
    {
        var clock = Stopwatch.StartNew();
        var cpu = ProcessorTime.Seconds();
        var result = run();
        return (result, (clock.Elapsed.TotalSeconds, ProcessorTime.Seconds() - cpu));
    }

    // The loop one writes by hand: encode a batch once, then K reparameterised samples one after another, each decoded,
    // weighed (log p(x | z) + log p(z) − log q(z | x)) and folded into a running log-sum-exp in its own dispose scope.
    private static double HandWrittenEstimate(HandWrittenMlp model, Tensor images, int samples, int batch)
    {
        var halfLogTwoPi = 0.5 * Math.Log(2 * Math.PI);
        var total = 0.0;
        using var noGrad = no_grad();
        for (long start = 0; start < images.shape[0]; start += batch)
        {
            using var scope = NewDisposeScope();
            var x = images.narrow(0, start, Math.Min(batch, images.shape[0] - start));
            var (mean, logVar) = model.Encode(x);
            var std = (logVar * 0.5).exp();
            var latent = mean.shape[1];
            var logQConstant = logVar.sum(1) * -0.5 - latent * halfLogTwoPi;
            Tensor? sum = null;
            for (var k = 0; k < samples; k++)
            {
                Tensor next;
                using (var step = NewDisposeScope())
                {
                    var noise = randn_like(mean);
                    var z = mean + std * noise;
                    var logLikelihood = -nn.functional.binary_cross_entropy_with_logits(model.Decode(z), x, reduction: nn.Reduction.None).flatten(1).sum(1);
                    var logPrior = z.square().sum(1) * -0.5 - latent * halfLogTwoPi;
                    var logPosterior = noise.square().sum(1) * -0.5 + logQConstant;
                    var weight = logLikelihood + logPrior - logPosterior;
                    next = (sum is null ? weight : logaddexp(sum, weight)).MoveToOuterDisposeScope();
                }

                sum?.Dispose();
                sum = next;
            }

            total += (sum! - Math.Log(samples)).to_type(ScalarType.Float64).sum().item<double>();
        }

        return total / images.shape[0];
    }

    // Both models register their parameters in the same order (encoder, mean head, log-variance head, decoder).
    private static void CopyWeights(VaeDsl.Runtime.VaeModule from, HandWrittenMlp to)
    {
        var source = from.parameters().ToArray();
        var target = to.parameters().ToArray();
        if (source.Length != target.Length || source.Zip(target).Any(p => !p.First.shape.SequenceEqual(p.Second.shape)))
        {
            throw new InvalidOperationException("the hand-written MLP's parameters do not line up with the generated MnistMlp's");
        }

        using var noGrad = no_grad();
        foreach (var (s, t) in source.Zip(target))
        {
            t.copy_(s);
        }
    }
}
