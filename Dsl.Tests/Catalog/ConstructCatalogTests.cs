using System.Linq;
using VaeDsl.Dsl.Catalog;
using Xunit;

namespace VaeDsl.Dsl.Tests.Catalog;

/// <summary>The catalogue describes itself consistently, and the binder answers from it.</summary>
public class ConstructCatalogTests
{
    [Fact]
    public void Every_construct_and_parameter_has_a_one_line_description()
    {
        foreach (var construct in ConstructCatalog.All)
        {
            Assert.False(string.IsNullOrWhiteSpace(construct.Doc), construct.Name);
            Assert.DoesNotContain('\n', construct.Doc);
            foreach (var parameter in construct.Parameters)
            {
                Assert.False(string.IsNullOrWhiteSpace(parameter.Doc), construct.Name + "." + parameter.Name);
            }
        }
    }

    [Fact]
    public void Names_are_unique_within_a_kind_and_parameters_within_a_construct()
    {
        Assert.Equal(ConstructCatalog.All.Count, ConstructCatalog.All.Select(c => (c.Kind, c.Name)).Distinct().Count());
        foreach (var construct in ConstructCatalog.All)
        {
            Assert.Equal(construct.Parameters.Count, construct.Parameters.Select(p => p.Name).Distinct().Count());
        }
    }

    [Fact]
    public void Every_default_is_a_value_its_parameter_accepts()
    {
        foreach (var construct in ConstructCatalog.All)
        {
            foreach (var parameter in construct.Parameters)
            {
                var where = construct.Name + "." + parameter.Name;
                if (parameter.NumberDefault is { } number) Assert.True(parameter.Accepts(number), where);
                if (parameter.NumberDefault is { } integer && parameter.Type == ParameterType.Integer) Assert.Equal(System.Math.Floor(integer), integer);
                if (parameter.WordDefault is { } word && parameter.Type != ParameterType.Construct) Assert.Contains(word, parameter.Words);
                if (parameter.WordDefault is { } value && parameter.Takes is { } kind) Assert.NotNull(ConstructCatalog.Find(kind, value));
                if (parameter.DefaultFrom is { } source)
                {
                    // A default taken from another parameter needs that one resolved first.
                    Assert.True(construct.Parameters.TakeWhile(p => p != parameter).Any(p => p.Name == source), where);
                }
            }
        }
    }

    [Fact]
    public void Schedules_exclude_each_other_both_ways()
    {
        var schedules = ConstructCatalog.OfKind(ConstructKind.WeightSchedule);
        foreach (var schedule in schedules)
        {
            foreach (var other in schedule.Excludes)
            {
                Assert.Contains(schedule.Name, ConstructCatalog.Find(ConstructKind.WeightSchedule, other)!.Excludes);
            }
        }
    }

    [Fact]
    public void Every_latent_family_has_a_default_prior_and_every_prior_fits_a_family()
    {
        foreach (var family in ConstructCatalog.OfKind(ConstructKind.LatentFamily))
        {
            Assert.NotEmpty(ConstructCatalog.PriorsFor(family.Name));
        }
        foreach (var prior in ConstructCatalog.OfKind(ConstructKind.Prior))
        {
            Assert.All(prior.Fits, f => Assert.NotNull(ConstructCatalog.Find(ConstructKind.LatentFamily, f)));
        }
        Assert.Equal("StandardNormal", ConstructCatalog.PriorsFor("Normal")[0].Name);
        Assert.Equal("Uniform", ConstructCatalog.PriorsFor("Categorical")[0].Name);
    }

    [Fact]
    public void A_signature_shows_required_parameters_bare_and_the_others_with_their_defaults()
    {
        Assert.Equal("max_pool2d(kernel, stride: kernel, padding: 0)", ConstructCatalog.Find(ConstructKind.Layer, "max_pool2d")!.Signature);
        Assert.Equal("batch_norm(momentum: 0.1, eps: 1e-5)", ConstructCatalog.Find(ConstructKind.Layer, "batch_norm")!.Signature);
        Assert.Equal("residual { … }", ConstructCatalog.Find(ConstructKind.Layer, "residual")!.Signature);
        Assert.Equal("reshape(d0, d1, …)", ConstructCatalog.Find(ConstructKind.Layer, "reshape")!.Signature);
        Assert.Equal("outputPadding", ConstructCatalog.Find(ConstructKind.Layer, "conv_transpose2d")!.Parameter("output_padding")!.RuntimeName);
    }

    [Fact]
    public void The_same_name_in_two_kinds_is_two_constructs()
    {
        Assert.Equal(ConstructKind.LatentFamily, ConstructCatalog.Find(ConstructKind.LatentFamily, "Bernoulli")!.Kind);
        Assert.Empty(ConstructCatalog.Find(ConstructKind.Likelihood, "Bernoulli")!.Parameters);
        Assert.Null(ConstructCatalog.Find(ConstructKind.Layer, "Linear"));
    }

    [Fact]
    public void The_binder_checks_arguments_from_the_catalogue()
    {
        // Every layer's defaults are what the checked model holds when no argument is written.
        foreach (var layer in ConstructCatalog.OfKind(ConstructKind.Layer).Where(l => l.Parameters.All(p => !p.IsRequired) && !l.TakesBody && !l.Variadic && !l.IsCustom))
        {
            // A sequence [28, 28] suits every such layer (positional needs [L, E]).
            var model = Compile.Clean(Compile.Model(encoder: $"encoder {{ flatten reshape(28, 28) {layer.Name} flatten linear(64) }}"));
            var spec = model.Encoder.Layers[2];
            Assert.Equal(layer.Parameters.Select(p => p.Name), spec.Arguments.Select(a => a.Name));
            Assert.Equal(layer.Parameters.Select(p => p.DefaultText), spec.Arguments.Select(a => a.Word ?? ConstructParameterText(a.Number!.Value, p: layer.Parameter(a.Name)!)));
        }
    }

    [Fact]
    public void An_unknown_construct_is_refused_with_the_catalogue_names_of_its_kind()
    {
        var file = Compile.File(Compile.Model(train: "train { optimizer: adamax }"));
        var error = Assert.Single(file.Diagnostics);
        Assert.Equal("unknown optimizer 'adamax'; expected adam, adamw, sgd or rmsprop", error.Message);
    }

    private static string ConstructParameterText(double value, ConstructParameter p) => (p with { NumberDefault = value }).DefaultText!;
}
