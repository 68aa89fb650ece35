using System.Collections.Generic;
using System.Linq;
using VaeDsl.Dsl.Catalog;
using VaeDsl.Generator.Tests.Infrastructure;
using Xunit;

namespace VaeDsl.Generator.Tests;

/// <summary>Every likelihood of the catalogue, in every form its entry allows (fixed at its defaults, each parameter
/// learned, per element where the entry says so), generates code that compiles without a warning: a new entry whose
/// parameters, output or Runtime class the emitter cannot write from the catalogue fails here (VAE9001 or a compile
/// error), not in a user's build.</summary>
public sealed class LikelihoodEmissionTests
{
    private const int Required = 3;

    public static TheoryData<string, string> Forms()
    {
        var data = new TheoryData<string, string>();
        foreach (var entry in ConstructCatalog.OfKind(ConstructKind.Likelihood))
        {
            // A required parameter (TokenCategorical's vocab) is written; it is an integer, 3 here.
            data.Add(entry.Name, string.Join(", ", entry.Parameters.Where(p => p.IsRequired).Select(p => $"{p.Name}: {Required}")));
            foreach (var learned in entry.Parameters.Where(p => p.WhenLearned is not null))
            {
                data.Add(entry.Name, $"{learned.Name}: learned");
                if (learned.WhenLearned!.PerElementParameter is { } per)
                {
                    data.Add(entry.Name, $"{learned.Name}: learned, {per}: {learned.WhenLearned.PerElementWord}");
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public void A_likelihood_generates_from_its_catalogue_entry_and_compiles_without_any_warning(string family, string arguments)
    {
        var entry = ConstructCatalog.Find(ConstructKind.Likelihood, family)!;
        var decoder = entry.Output?.Levels is { } levels ? $"linear({levels * 6}) reshape({levels}, 6)"
            : entry.Output?.TrailingFrom is not null ? $"linear({6 * Required}) reshape(6, {Required})"
            : "linear(6)";
        var text = $$"""
            model Likely {
              input x: [6]
              encoder { linear(8) relu }
              latent z ~ Normal(2)
              decoder { {{decoder}} }
              likelihood {{family}}{{(arguments.Length > 0 ? "(" + arguments + ")" : "")}}
              loss = recon + kl
            }
            """;
        var (result, output) = GeneratorHarness.Run(("/project/likely.vae", text));

        Assert.Empty(result.Diagnostics);
        GeneratorHarness.AssertNoWarnings(output);
        var source = Assert.Single(GeneratorHarness.ModelTrees(result)).ToString();
        // The forward record names the decoder's output as the entry does, and documents it with the entry's line.
        Assert.Contains($"global::TorchSharp.torch.Tensor {entry.Output!.Name})", source);
        Assert.Contains(entry.Output.Doc, source);
        Assert.Contains($"private readonly global::VaeDsl.Runtime.{entry.Runtime} likelihood;", source);
        var learned = entry.Parameters.FirstOrDefault(p => p.WhenLearned is not null && arguments.StartsWith(p.Name + ": learned"));
        if (learned?.WhenLearned?.ModelParameter is { } field)
        {
            Assert.Contains($"private readonly global::TorchSharp.Modules.Parameter {field};", source);
            Assert.Contains($"() => this.{field})", source);
        }
        if (learned?.WhenLearned?.Factory is { } factory)
        {
            Assert.Contains($"this.likelihood = global::VaeDsl.Runtime.{entry.Runtime}.{factory}({(arguments.Contains(", ") ? "6" : "")});", source);
        }
    }
}
