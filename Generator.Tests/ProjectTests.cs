using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using VaeDsl.Generator.Tests.Infrastructure;
using Xunit;

namespace VaeDsl.Generator.Tests;

/// <summary>What depends on the whole project: hint names, models declared twice, models whose names clash with each
/// other's generated types, and the project's root namespace.</summary>
public sealed class ProjectTests
{
    private static string Model(string name, string @namespace = "") => TinyModel.Text(name, @namespace);

    [Fact]
    public void The_same_model_in_two_files_is_an_error_at_both_declarations_and_the_rest_of_the_project_is_generated()
    {
        // The usual way to try a variant: copy the file.
        var (result, output) = GeneratorHarness.Run(("/p/vae.vae", Model("Vae")), ("/p/vae-copy.vae", Model("Vae")), ("/p/other.vae", Model("Other")));

        Assert.Equal(2, result.Diagnostics.Length);
        Assert.All(result.Diagnostics, d =>
        {
            Assert.Equal("VAE0109", d.Id);
            Assert.Equal(DiagnosticSeverity.Error, d.Severity);
            Assert.Equal(new LinePosition(1, 6), d.Location.GetLineSpan().StartLinePosition);
        });
        Assert.Equal(new[] { "/p/vae-copy.vae", "/p/vae.vae" }, result.Diagnostics.Select(d => d.Location.GetLineSpan().Path).OrderBy(p => p));
        Assert.Equal("model 'UserProject.Vae' is declared more than once (also at vae-copy.vae(2,7))",
            result.Diagnostics.Single(d => d.Location.GetLineSpan().Path == "/p/vae.vae").GetMessage());
        Assert.Equal("UserProject.Other.g.cs", System.IO.Path.GetFileName(Assert.Single(result.GeneratedTrees).FilePath));
        GeneratorHarness.AssertNoWarnings(output);
    }

    [Fact]
    public void Two_models_whose_names_differ_only_in_case_are_both_generated()
    {
        var (result, output) = GeneratorHarness.Run(("/p/two.vae", Model("Vae") + Model("VAE")));

        Assert.Empty(result.Diagnostics);
        Assert.Equal(new[] { "UserProject.VAE.g.cs", "UserProject.Vae.2.g.cs" }, result.GeneratedTrees.Select(t => System.IO.Path.GetFileName(t.FilePath)).OrderBy(n => n, System.StringComparer.Ordinal));
        GeneratorHarness.AssertNoWarnings(output);
        Assert.NotNull(output.GetTypeByMetadataName("UserProject.Vae"));
        Assert.NotNull(output.GetTypeByMetadataName("UserProject.VAE"));
    }

    [Fact]
    public void The_same_model_in_namespaces_that_differ_only_in_case_is_generated_twice()
    {
        var (result, output) = GeneratorHarness.Run(("/p/a.vae", Model("Vae", "App")), ("/p/b.vae", Model("Vae", "APP")));

        Assert.Empty(result.Diagnostics);
        Assert.Equal(2, result.GeneratedTrees.Length);
        GeneratorHarness.AssertNoWarnings(output);
    }

    [Fact]
    public void A_model_named_like_a_type_generated_for_another_model_is_an_error_at_its_name()
    {
        var (result, output) = GeneratorHarness.Run(("/p/a.vae", Model("Vae")), ("/p/b.vae", Model("VaeLoss")));

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal("VAE0110", error.Id);
        Assert.Equal("'VaeLoss' cannot be used as a model name: it is the name of the loss record generated for model Vae (a.vae(2,7)); rename one of the models", error.GetMessage());
        Assert.Equal("/p/b.vae", error.Location.GetLineSpan().Path);
        Assert.Equal(new LinePosition(1, 6), error.Location.GetLineSpan().StartLinePosition);
        Assert.Equal("UserProject.Vae.g.cs", System.IO.Path.GetFileName(Assert.Single(result.GeneratedTrees).FilePath));
        GeneratorHarness.AssertNoWarnings(output);
    }

    [Theory]
    [InlineData("vae-demo", "vae_demo")]
    [InlineData("2048", "_2048")]
    [InlineData("app+1", "app_1")]
    [InlineData("app(1)", "app_1_")]
    [InlineData("a#b", "a_b")]
    [InlineData("a&b", "a_b")]
    [InlineData("a@b", "a_b")]
    [InlineData("a=b", "a_b")]
    [InlineData("a'b", "a_b")]
    [InlineData("a:b", "a_b")]
    [InlineData("My App.2nd", "My_App._2nd")]
    [InlineData("class", "@class")]
    [InlineData("Company..Tools", "Company._.Tools")]
    public void A_root_namespace_that_is_not_a_CSharp_namespace_is_made_one_as_the_SDK_templates_do(string rootNamespace, string expected)
    {
        var (result, output) = GeneratorHarness.RunInProject(rootNamespace, ("/p/vae.vae", Model("Vae")));

        Assert.Empty(result.Diagnostics);
        var tree = Assert.Single(result.GeneratedTrees);
        Assert.Contains($"\nnamespace {expected};\n", tree.ToString());
        GeneratorHarness.AssertNoWarnings(output);
        Assert.NotNull(output.GetTypeByMetadataName(expected.Replace("@", "") + ".Vae"));
    }
}
