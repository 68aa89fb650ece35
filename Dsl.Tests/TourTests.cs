using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using VaeDsl.Dsl.Catalog;
using Xunit;

namespace VaeDsl.Dsl.Tests;

/// <summary>Vae.dsl at the repository root uses every construct of the language and must check cleanly.</summary>
public class TourTests
{
    public static string ReadTour()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Vae.dsl"))) directory = directory.Parent;
        Assert.NotNull(directory);
        return File.ReadAllText(Path.Combine(directory!.FullName, "Vae.dsl"));
    }

    [Fact]
    public void The_tour_compiles_with_zero_diagnostics()
    {
        var file = VaeCompiler.Compile("Vae.dsl", ReadTour());
        Assert.True(file.Diagnostics.Count == 0, string.Join("\n", file.Diagnostics.Select(d => d.ToString())));
        Assert.Equal("VaeDsl.Tour", file.Namespace);
        Assert.Equal(new[] { "MnistConv", "Tabular", "Discrete", "Pixels", "Tokens", "Flows", "Gated", "Sequences", "Words", "Codes", "Ladder" }, file.Models.Select(m => m.Name));
    }

    [Fact]
    public void The_tour_uses_every_layer_latent_prior_likelihood_term_schedule_optimizer_and_condition_of_the_catalogue()
    {
        var models = VaeCompiler.Compile("Vae.dsl", ReadTour()).Models;
        var layers = models.SelectMany(m => m.Encoder.Layers.Concat(m.Decoder.Layers))
            .SelectMany(l => new[] { l }.Concat(l.Body?.Layers ?? default)).Select(l => l.Kind).ToHashSet();
        string[] All(ConstructKind kind) => ConstructCatalog.OfKind(kind).Select(c => c.Name).OrderBy(n => n, System.StringComparer.Ordinal).ToArray();
        string[] Used(IEnumerable<string> names) => names.Distinct().OrderBy(n => n, System.StringComparer.Ordinal).ToArray();
        Assert.Equal(All(ConstructKind.Layer), Used(layers));
        Assert.Equal(All(ConstructKind.LatentFamily), Used(models.SelectMany(m => m.Latents).Select(l => l.Family)));
        Assert.Equal(All(ConstructKind.Prior), Used(models.SelectMany(m => m.Priors).Select(p => p.Family)));
        Assert.Equal(All(ConstructKind.Flow), Used(models.SelectMany(m => m.Latents).Where(l => l.Flow is not null).Select(l => l.Flow!.Kind)));
        Assert.Equal(All(ConstructKind.Likelihood), Used(models.Select(m => m.Likelihood.Family)));
        Assert.Equal(All(ConstructKind.LossTerm), Used(models.SelectMany(m => m.Loss.Terms).Select(t => t.Name)));
        Assert.Equal(All(ConstructKind.WeightSchedule), Used(models.SelectMany(m => m.Loss.Terms).SelectMany(t => t.Schedules).Select(s => s.Kind)));
        Assert.Equal(All(ConstructKind.Optimizer), Used(models.Select(m => m.Train.Optimizer.Name)));
        Assert.Equal(All(ConstructKind.Inference), Used(models.Select(m => m.Inference)));
        Assert.Equal(All(ConstructKind.Condition), Used(models.Where(m => m.Condition is not null).Select(m => m.Condition!.Kind)));
    }
}
