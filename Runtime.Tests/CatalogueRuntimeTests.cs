using System;
using System.Linq;
using System.Reflection;
using VaeDsl.Dsl.Catalog;
using static TorchSharp.torch;
using Xunit;

namespace VaeDsl.Runtime.Tests;

/// <summary>The catalogue of constructs and the Runtime agree: every layer is a <see cref="LayerStack"/> method
/// with the catalogue's parameters, in order, with the same types and defaults, and every other construct that
/// names a Runtime type has it.</summary>
public class CatalogueRuntimeTests
{
    private static readonly Assembly Runtime = typeof(LayerStack).Assembly;

    public static TheoryData<string> Layers() => new(ConstructCatalog.OfKind(ConstructKind.Layer).Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Layers))]
    public void A_layer_is_a_LayerStack_method_with_the_catalogue_parameters(string name)
    {
        var layer = ConstructCatalog.Find(ConstructKind.Layer, name)!;
        Assert.NotNull(layer.Runtime);
        Assert.StartsWith("LayerStack.", layer.Runtime);
        var methods = typeof(LayerStack).GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m.Name == layer.Runtime!.Substring("LayerStack.".Length) && m.ReturnType == typeof(LayerStack))
            .ToList();
        if (layer.IsCustom)
        {
            // The module comes first, then the declared output: a shape, or the input's rank and a rule over its sizes.
            Assert.Equal(2, methods.Count);
            Assert.All(methods, m => Assert.Equal(typeof(nn.Module<Tensor, Tensor>), m.GetParameters()[0].ParameterType));
            Assert.Contains(methods, m => m.GetParameters().Select(p => p.ParameterType).SequenceEqual(new[] { typeof(nn.Module<Tensor, Tensor>), typeof(long[]), typeof(string) }));
            return;
        }
        var method = Assert.Single(methods);
        var parameters = method.GetParameters();
        if (layer.Variadic)
        {
            var sizes = Assert.Single(parameters);
            Assert.Equal(typeof(long[]), sizes.ParameterType);
            Assert.NotNull(sizes.GetCustomAttribute<ParamArrayAttribute>());
            return;
        }
        if (layer.TakesBody)
        {
            Assert.Equal(typeof(Func<LayerStack, LayerStack>), Assert.Single(parameters).ParameterType);
            return;
        }
        Assert.Equal(layer.Parameters.Select(p => p.RuntimeName), parameters.Select(p => p.Name));
        foreach (var (dsl, cs) in layer.Parameters.Zip(parameters))
        {
            var where = $"{name}({dsl.Name}) → {method.Name}({cs.Name})";
            Assert.True(Fits(dsl.Type, cs.ParameterType), $"{where}: {dsl.Type} is not passed as {cs.ParameterType.Name}");
            // A parameter the emitter may leave out needs the same default in the Runtime; one whose default
            // comes from another parameter (pooling's stride) is always written.
            var omissible = !dsl.IsRequired && dsl.DefaultFrom is null;
            Assert.True(omissible == cs.HasDefaultValue, $"{where}: default in the catalogue {omissible}, in the Runtime {cs.HasDefaultValue}");
            if (!omissible) continue;
            if (dsl.NumberDefault is { } number) Assert.Equal(number, Convert.ToDouble(cs.DefaultValue, System.Globalization.CultureInfo.InvariantCulture));
            else if (dsl.Type == ParameterType.Boolean) Assert.Equal(dsl.WordDefault == "true", (bool)cs.DefaultValue!);
            else Assert.Equal(dsl.WordDefault, (string)cs.DefaultValue!);
        }
    }

    [Fact]
    public void Every_latent_family_likelihood_loss_objective_and_schedule_names_a_Runtime_type_that_exists()
    {
        foreach (var kind in new[] { ConstructKind.LatentFamily, ConstructKind.Prior, ConstructKind.Likelihood, ConstructKind.WeightSchedule, ConstructKind.Optimizer, ConstructKind.Condition })
        {
            Assert.All(ConstructCatalog.OfKind(kind), c => Assert.NotNull(c.Runtime));
        }
        foreach (var construct in ConstructCatalog.All.Where(c => c.Kind != ConstructKind.Layer && c.Runtime is not null))
        {
            var type = Runtime.GetType("VaeDsl.Runtime." + construct.Runtime);
            Assert.True(type is { IsPublic: true }, $"{construct.Kind} {construct.Name}: no public type VaeDsl.Runtime.{construct.Runtime}");
            if (construct.Kind == ConstructKind.Optimizer)
            {
                Assert.Contains(Enum.GetNames(type!), n => string.Equals(n, construct.Name, StringComparison.OrdinalIgnoreCase));
            }
        }
    }

    [Fact]
    public void Every_likelihood_is_a_Likelihood_and_every_prior_a_module()
    {
        Assert.All(ConstructCatalog.OfKind(ConstructKind.Likelihood), c =>
            Assert.True(typeof(VaeDsl.Runtime.Likelihoods.Likelihood).IsAssignableFrom(Runtime.GetType("VaeDsl.Runtime." + c.Runtime)), $"{c.Name}: {c.Runtime} is not a Likelihood"));
        Assert.All(ConstructCatalog.OfKind(ConstructKind.Prior), c =>
            Assert.True(typeof(TorchSharp.torch.nn.Module).IsAssignableFrom(Runtime.GetType("VaeDsl.Runtime." + c.Runtime)), $"{c.Name}: {c.Runtime} is not a module"));
        // A relaxed latent's prior: the uniform one, built for a categorical code or for bits.
        Assert.Equal("Distributions.UniformPrior", Assert.Single(ConstructCatalog.PriorsFor("Categorical")).Runtime);
        Assert.Equal("Distributions.UniformPrior", Assert.Single(ConstructCatalog.PriorsFor("Bernoulli")).Runtime);
    }

    public static TheoryData<string> Likelihoods() => new(ConstructCatalog.OfKind(ConstructKind.Likelihood).Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Likelihoods))]
    public void A_Likelihood_is_built_as_its_catalogue_entry_describes(string name)
    {
        // The generator passes the fixed numbers in catalogue order (a word that only shapes a learned parameter is
        // no argument); a learned parameter goes through the entry's factory or the model's own parameter.
        var entry = ConstructCatalog.Find(ConstructKind.Likelihood, name)!;
        var type = Runtime.GetType("VaeDsl.Runtime." + entry.Runtime)!;
        Assert.NotNull(entry.Output);
        var selectors = entry.Parameters.Select(p => p.WhenLearned?.PerElementParameter).Where(n => n is not null).ToList();
        var fixedParameters = entry.Parameters.Where(p => !selectors.Contains(p.Name)).ToList();
        AssertTakes(type.GetConstructors(), fixedParameters, null, $"{name}: no public constructor ({string.Join(", ", fixedParameters.Select(p => p.Name))})");
        foreach (var learned in entry.Parameters.Where(p => p.WhenLearned is not null))
        {
            var others = fixedParameters.Where(p => p != learned).ToList();
            var how = learned.WhenLearned!;
            Assert.True(how.Factory is null != (how.ModelParameter is null), $"{name}({learned.Name}): learned needs a factory or a model parameter, not both");
            Assert.True(learned.Words.Contains("learned"), $"{name}({learned.Name}) cannot be written learned");
            if (how.Factory is { } factory)
            {
                var methods = type.GetMethods(BindingFlags.Public | BindingFlags.Static).Where(m => m.Name == factory && type.IsAssignableFrom(m.ReturnType)).ToArray();
                AssertTakes(methods, others, how.PerElementParameter is null ? null : typeof(long[]), $"{name}({learned.Name}: learned): no public static {type.Name}.{factory}");
            }
            else
            {
                AssertTakes(type.GetConstructors(), others, typeof(Func<TorchSharp.torch.Tensor>), $"{name}({learned.Name}: learned): no constructor taking the model's {how.ModelParameter}");
            }
        }
    }

    private static void AssertTakes(MethodBase[] candidates, System.Collections.Generic.IReadOnlyList<ConstructParameter> parameters, Type? last, string message)
    {
        var expected = parameters.Select(p => p.Type == ParameterType.NumberOrWord ? typeof(double) : p.Type == ParameterType.Integer ? typeof(long) : p.Type == ParameterType.Boolean ? typeof(bool) : typeof(string))
            .Concat(last is null ? new Type[0] : new[] { last }).ToArray();
        Assert.True(candidates.Any(m => m.GetParameters().Select(p => p.ParameterType).SequenceEqual(expected)), message);
    }

    public static TheoryData<string> WeightSchedules() => new(ConstructCatalog.OfKind(ConstructKind.WeightSchedule).Select(c => c.Name));

    [Theory]
    [MemberData(nameof(WeightSchedules))]
    public void A_weight_schedule_is_built_from_the_catalogue_parameters_in_order(string name)
    {
        // Generated code passes every argument positionally, in catalogue order.
        var schedule = ConstructCatalog.Find(ConstructKind.WeightSchedule, name)!;
        var constructor = Assert.Single(Runtime.GetType("VaeDsl.Runtime." + schedule.Runtime)!.GetConstructors());
        var parameters = constructor.GetParameters();
        Assert.Equal(schedule.Parameters.Select(p => p.RuntimeName), parameters.Select(p => p.Name));
        foreach (var (dsl, cs) in schedule.Parameters.Zip(parameters))
        {
            Assert.True(Fits(dsl.Type, cs.ParameterType) || (dsl.Type == ParameterType.Integer && cs.ParameterType == typeof(int)), $"{name}({dsl.Name}): {dsl.Type} is not passed as {cs.ParameterType.Name}");
            if (cs.HasDefaultValue) Assert.Equal(dsl.NumberDefault, Convert.ToDouble(cs.DefaultValue, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    public static TheoryData<string> Flows() => new(ConstructCatalog.OfKind(ConstructKind.Flow).Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Flows))]
    public void A_flow_is_a_NormalizingFlow_built_from_the_latent_size_and_the_catalogue_parameters(string name)
    {
        var flow = ConstructCatalog.Find(ConstructKind.Flow, name)!;
        var type = Runtime.GetType("VaeDsl.Runtime." + flow.Runtime);
        Assert.NotNull(type);
        Assert.True(typeof(VaeDsl.Runtime.Flows.NormalizingFlow).IsAssignableFrom(type), $"{type} does not derive from NormalizingFlow");
        var parameters = Assert.Single(type!.GetConstructors()).GetParameters();
        // The context switch is no argument: the generator passes the size of the features the flow reads instead.
        var expected = new[] { "latentSize" }.Concat(flow.Parameters.Where(p => p.Name != flow.ContextParameter).Select(p => p.RuntimeName))
            .Concat(flow.ContextParameter is null ? new string[0] : new[] { "contextFeatures" });
        Assert.Equal(expected, parameters.Select(p => p.Name));
        Assert.All(parameters, p => Assert.Equal(typeof(long), p.ParameterType));
        Assert.NotNull(flow.CountFlowParameters);
    }

    public static TheoryData<string> NormalPriors() =>
        new(ConstructCatalog.PriorsFor("Normal").Where(c => !c.Conditional).Select(c => c.Name));

    public static TheoryData<string> ConditionalPriors() =>
        new(ConstructCatalog.OfKind(ConstructKind.Prior).Where(c => c.Conditional).Select(c => c.Name));

    [Theory]
    [MemberData(nameof(ConditionalPriors))]
    public void A_conditional_prior_maps_the_latent_above_to_a_diagonal_normal_from_its_network_and_the_two_sizes(string name)
    {
        var prior = ConstructCatalog.Find(ConstructKind.Prior, name)!;
        var type = Runtime.GetType("VaeDsl.Runtime." + prior.Runtime);
        Assert.NotNull(type);
        Assert.True(typeof(TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, VaeDsl.Runtime.Distributions.DiagonalNormal>).IsAssignableFrom(type), $"{type} is not a module from the latent above to a DiagonalNormal");
        var parameters = Assert.Single(type!.GetConstructors()).GetParameters();
        Assert.Equal(new[] { "network", "features", "latentSize" }, parameters.Select(p => p.Name));
        Assert.Equal(new[] { typeof(TorchSharp.Modules.Sequential), typeof(long), typeof(long) }, parameters.Select(p => p.ParameterType));
        Assert.Empty(prior.Parameters);
    }

    [Theory]
    [MemberData(nameof(NormalPriors))]
    public void A_prior_of_Normal_latents_is_a_NormalPrior_built_from_the_latent_size_and_the_catalogue_parameters(string name)
    {
        var prior = ConstructCatalog.Find(ConstructKind.Prior, name)!;
        var type = Runtime.GetType("VaeDsl.Runtime." + prior.Runtime);
        Assert.NotNull(type);
        Assert.True(typeof(VaeDsl.Runtime.Distributions.NormalPrior).IsAssignableFrom(type), $"{type} does not derive from NormalPrior");
        var constructor = Assert.Single(type!.GetConstructors());
        var parameters = constructor.GetParameters();
        var expected = new[] { "latentSize" }.Concat(prior.Parameters.Select(p => p.RuntimeName))
            .Concat(prior.TakesEncoder ? new[] { "encode", "inputShape" } : new string[0]);
        Assert.Equal(expected, parameters.Select(p => p.Name));
        Assert.Equal(typeof(long), parameters[0].ParameterType);
        foreach (var (dsl, cs) in prior.Parameters.Zip(parameters.Skip(1)))
        {
            Assert.True(Fits(dsl.Type, cs.ParameterType), $"{name}({dsl.Name}): {dsl.Type} is not passed as {cs.ParameterType.Name}");
            // Generated code writes every argument; a default the Runtime has must still be the catalogue's.
            if (cs.HasDefaultValue) Assert.Equal(dsl.NumberDefault, Convert.ToDouble(cs.DefaultValue, System.Globalization.CultureInfo.InvariantCulture));
        }
        if (prior.TakesEncoder)
        {
            Assert.Equal(typeof(Func<TorchSharp.torch.Tensor, VaeDsl.Runtime.Distributions.DiagonalNormal>), parameters[^2].ParameterType);
            Assert.NotNull(parameters[^1].GetCustomAttribute<ParamArrayAttribute>());
        }
    }

    /// <summary>How a .vae value reaches the Runtime: integers as long (or as a double where the Runtime takes
    /// any real, e.g. upsample's scale), numbers as double, booleans as bool, words as string.</summary>
    private static bool Fits(ParameterType type, Type parameter) => type switch
    {
        ParameterType.Integer => parameter == typeof(long) || parameter == typeof(double),
        ParameterType.Number => parameter == typeof(double),
        ParameterType.Boolean => parameter == typeof(bool),
        _ => parameter == typeof(string),
    };
}
