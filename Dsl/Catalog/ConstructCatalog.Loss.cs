using System.Collections.Generic;
using static VaeDsl.Dsl.Catalog.ConstructParameter;

namespace VaeDsl.Dsl.Catalog;

public static partial class ConstructCatalog
{
    private static IEnumerable<Construct> LossTermEntries()
    {
        yield return new Construct(ConstructKind.LossTerm, "recon", "−log p(x|z) with one sample of z, summed over elements, averaged over the batch.", new ConstructParameter[0]);
        yield return new Construct(ConstructKind.LossTerm, "kl", "Σ over latents of KL(q(z|x) ‖ p(z)); auto is analytic where every latent's KL has a closed form.", new[]
        {
            Choice("method", "How the KL is computed; analytic where there is no closed form is an error.", "auto", "auto", "analytic", "monte_carlo"),
        });
        yield return new Construct(ConstructKind.LossTerm, "tc", "The total correlation of q(z) (β-TCVAE, minibatch-weighted sampling); Normal latents only.", new ConstructParameter[0])
        { Runtime = "Objectives.TotalCorrelation" };
        yield return new Construct(ConstructKind.LossTerm, "mmd", "The maximum mean discrepancy between q(z) samples and prior samples (InfoVAE).", new ConstructParameter[0])
        { Runtime = "Objectives.MaximumMeanDiscrepancy" };
        yield return new Construct(ConstructKind.LossTerm, "iwae", "The negative importance-weighted bound; replaces recon and kl; Normal latents only.", new[]
        {
            Int("k", "Importance samples per example.", defaultValue: 5),
        })
        { Runtime = "Objectives.ImportanceWeighted" };
        yield return new Construct(ConstructKind.LossTerm, "vq", "The codebook loss ‖sg[z_e] − e‖² (none with ema: true) plus β × the commitment loss ‖z_e − sg[e]‖², summed over positions, averaged over the batch; VectorQuantized latents only.", new ConstructParameter[0])
        { Runtime = "Quantization.VectorQuantizer" };
    }

    private static IEnumerable<Construct> WeightScheduleEntries()
    {
        yield return new Construct(ConstructKind.WeightSchedule, "warmup", "factor = min(1, t / epochs).", new[]
        {
            Int("epochs", "Epochs over which the factor rises from 0 to 1.", defaultValue: 10),
        })
        { Excludes = new[] { "cyclical", "capacity" }, Runtime = "Training.Schedules.LinearWarmup" };
        yield return new Construct(ConstructKind.WeightSchedule, "cyclical", "Period P = E / cycles, τ = (t mod P) / P, factor = min(1, τ / ratio) (Fu et al., 2019).", new[]
        {
            Int("cycles", "Number of cycles over the run.", defaultValue: 4),
            Float("ratio", "Fraction of each cycle spent rising.", ValueRange.OpenUnitInterval, 0.5),
        })
        { Excludes = new[] { "warmup", "capacity" }, Runtime = "Training.Schedules.Cyclical" };
        yield return new Construct(ConstructKind.WeightSchedule, "free_bits", "Each latent dimension's batch-mean KL counts as max(nats, KL_j) (Kingma et al., 2016).", new[]
        {
            Float("nats", "The KL each dimension may use for free.", ValueRange.NonNegative, 0.5),
        })
        { Fits = new[] { "kl" }, Excludes = new[] { "capacity" }, Runtime = "Training.Schedules.FreeBits" };
        yield return new Construct(ConstructKind.WeightSchedule, "capacity", "The term becomes weight × |KL − C(t)|, C(t) = max × min(1, t / epochs) nats (Burgess et al., 2018).", new[]
        {
            Float("max", "The capacity reached, in nats.", ValueRange.NonNegative, 25.0),
            Int("epochs", "Epochs over which the capacity rises to max.", defaultValue: 100),
        })
        { Fits = new[] { "kl" }, Excludes = new[] { "warmup", "cyclical", "free_bits" }, Runtime = "Training.Schedules.Capacity" };
    }
}
