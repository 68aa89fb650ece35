using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using VaeDsl.Generator.Tests.Infrastructure;
using VaeDsl.Dsl.Model;
using Xunit;

namespace VaeDsl.Generator.Tests;

/// <summary>Front-end errors reach the build located in the .vae file, so the compiler prints
/// <c>path.vae(line,col): error VAE…</c>.</summary>
public sealed class DiagnosticTests
{
    private const string MisspeltLayer = """
        model Broken {
          input x: [784]
          encoder { linear(400) rleu }
          latent z ~ Normal(20)
          prior z ~ StandardNormal
          decoder { linear(400) relu linear(784) }
          likelihood Bernoulli
          loss = recon + kl
          train { optimizer: adam(lr: 1e-3), batch: 128, epochs: 1, seed: 1 }
        }
        """;

    [Fact]
    public void A_misspelt_layer_is_an_error_at_its_line_and_column_in_the_vae_file()
    {
        var (result, _) = GeneratorHarness.Run(("/project/Models/broken.vae", MisspeltLayer));

        var error = Assert.Single(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.StartsWith("VAE", error.Id);
        Assert.Contains("rleu", error.GetMessage());
        var span = error.Location.GetLineSpan();
        Assert.Equal("/project/Models/broken.vae", span.Path);
        Assert.Equal(2, span.StartLinePosition.Line);        // third line, zero-based
        Assert.Equal(24, span.StartLinePosition.Character);  // where 'rleu' starts
        Assert.Equal(VaeGenerator.RefusedNamespacesHintName, System.IO.Path.GetFileName(Assert.Single(result.GeneratedTrees).FilePath));
    }

    [Theory]
    [InlineData("", "UserProject")]
    [InlineData("namespace My.Models\n", "My.Models")]
    public void A_refused_model_leaves_its_namespace_so_a_using_of_it_adds_no_error(string namespaceLine, string @namespace)
    {
        var driver = GeneratorHarness.NewDriver([new InMemoryAdditionalText("/project/Models/broken.vae", namespaceLine + MisspeltLayer)]);
        var user = Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText($"using {@namespace};\nnamespace App {{ public static class Program {{ }} }}\n");
        driver.RunGeneratorsAndUpdateCompilation(GeneratorHarness.NewCompilation().AddSyntaxTrees(user), out var output, out var generatorDiagnostics);

        Assert.Equal(new[] { "VAE0102" }, generatorDiagnostics.Select(d => d.Id));
        GeneratorHarness.AssertNoWarnings(output);
    }

    [Fact]
    public void The_refused_namespaces_are_declared_once_each_and_only_when_they_are_valid_names()
    {
        var driver = GeneratorHarness.NewDriver([
            new InMemoryAdditionalText("/a/one.vae", MisspeltLayer),
            new InMemoryAdditionalText("/b/one.vae", MisspeltLayer.Replace("Broken", "Other")),
            new InMemoryAdditionalText("/c/bad.vae", "namespace class.x\n" + MisspeltLayer),
        ]);
        var result = driver.RunGenerators(GeneratorHarness.NewCompilation()).GetRunResult();

        var declarations = Assert.Single(result.GeneratedTrees).ToString().Split('\n').Where(l => l.StartsWith("namespace ", System.StringComparison.Ordinal));
        Assert.Equal(new[] { "namespace UserProject { }" }, declarations);
    }

    [Fact]
    public void A_diagnostic_carries_the_title_category_and_help_link_of_its_table_entry()
    {
        var (result, _) = GeneratorHarness.Run(("/project/Models/broken.vae", MisspeltLayer));

        var descriptor = Assert.Single(result.Diagnostics).Descriptor;
        Assert.Equal("VAE0102", descriptor.Id);
        Assert.Equal("Unknown layer", descriptor.Title.ToString());
        Assert.Equal("VaeDsl.Names", descriptor.Category);
        Assert.EndsWith("docs/diagnostics.md#vae0102-unknown-layer-error", descriptor.HelpLinkUri);
    }

    [Fact]
    public void A_help_link_points_to_the_page_the_project_names()
    {
        var driver = GeneratorHarness.NewDriver([new InMemoryAdditionalText("/project/broken.vae", MisspeltLayer)],
            properties: new Dictionary<string, string> { ["VaeDslDiagnosticsPage"] = "file:///opt/vaedsl/docs/diagnostics.md" });
        var result = driver.RunGenerators(GeneratorHarness.NewCompilation()).GetRunResult();

        Assert.Equal("file:///opt/vaedsl/docs/diagnostics.md#vae0102-unknown-layer-error", Assert.Single(result.Diagnostics).Descriptor.HelpLinkUri);
        var (unset, _) = GeneratorHarness.Run(("/project/broken.vae", MisspeltLayer));
        Assert.Equal(Dsl.Diagnostics.DiagnosticDescriptor.DocumentationPage + "#vae0102-unknown-layer-error", Assert.Single(unset.Diagnostics).Descriptor.HelpLinkUri);
    }

    [Fact]
    public void A_file_that_cannot_be_read_is_a_located_error_saying_why()
    {
        // It used to be VAE9999 "internal error": a locked, vanished or forbidden file is no defect of the generator.
        var driver = GeneratorHarness.NewDriver([new UnreadableText("/project/bad.vae"), new UnreadableText("/project/locked.vae", new System.UnauthorizedAccessException("access denied"))]);
        driver = driver.RunGenerators(GeneratorHarness.NewCompilation());
        var result = driver.GetRunResult();

        Assert.Equal(
            new[] { ("/project/bad.vae", "the file could not be read: disk on fire"), ("/project/locked.vae", "the file could not be read: access denied") },
            result.Diagnostics.Select(d => (d.Location.GetLineSpan().Path, d.GetMessage())).OrderBy(d => d.Path));
        Assert.All(result.Diagnostics, error =>
        {
            Assert.Equal(("VAE0008", DiagnosticSeverity.Error, "File not readable"), (error.Id, error.Severity, error.Descriptor.Title.ToString()));
            Assert.Equal(new LinePosition(0, 0), error.Location.GetLineSpan().StartLinePosition);
        });
        Assert.Null(result.Results.Single().Exception);
    }

    [Fact]
    public void An_unexpected_exception_while_reading_becomes_a_diagnostic_not_an_exception()
    {
        var driver = GeneratorHarness.NewDriver([new UnreadableText("/project/bad.vae", new System.InvalidOperationException("a defect"))]);
        driver = driver.RunGenerators(GeneratorHarness.NewCompilation());
        var result = driver.GetRunResult();

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal("VAE9999", error.Id);
        Assert.Equal("Internal error in the generator", error.Descriptor.Title.ToString());
        Assert.Equal("VaeDsl.Generator", error.Descriptor.Category);
        Assert.Contains("a defect", error.GetMessage());
        Assert.Null(result.Results.Single().Exception);
    }

    [Fact]
    public void A_binary_file_is_said_to_be_not_text_whether_the_compiler_reads_it_or_not()
    {
        // The compiler gives no text for a file it finds binary (two NULs in a row); one NUL reaches the front end.
        var driver = GeneratorHarness.NewDriver([new UnreadableText("/project/image.vae", throws: false), new InMemoryAdditionalText("/project/data.vae", "PK\u0003\u0004\u0000x")]);
        var result = driver.RunGenerators(GeneratorHarness.NewCompilation()).GetRunResult();

        Assert.Equal(
            new[]
            {
                ("/project/image.vae", "the file is not text: the compiler could not read it as text; a .vae file is UTF-8 text"),
                ("/project/data.vae", "the file is not text: it holds a NUL character at 1:5; a .vae file is UTF-8 text"),
            },
            result.Diagnostics.Select(d => (d.Location.GetLineSpan().Path, d.GetMessage())));
        Assert.All(result.Diagnostics, d => Assert.Equal(("VAE0007", DiagnosticSeverity.Error), (d.Id, d.Severity)));
    }

    [Fact]
    public void Files_that_are_not_vae_files_are_ignored()
    {
        var (result, _) = GeneratorHarness.Run(("/project/notes.txt", "model Nonsense {"));

        Assert.Empty(result.Diagnostics);
        Assert.Empty(result.GeneratedTrees);
    }

    [Fact]
    public void A_construct_the_emitter_cannot_express_is_VAE9001_at_its_span_and_the_other_models_still_generate()
    {
        // The front end rejects every combination the emitter does not know, so no .vae text reaches VAE9001 today;
        // it is the generator's safety net. Hand the emitter a checked file with a loss term it has never heard of.
        var text = TinyModel.Text("First") + TinyModel.Text("Second");
        var file = VaeDsl.Dsl.VaeCompiler.Compile("/p/two.vae", text, System.Threading.CancellationToken.None);
        var first = file.Models[0];
        var kl = first.Loss.Terms[1];
        var altered = first with { Loss = first.Loss with { Terms = new[] { first.Loss.Terms[0], kl with { Name = "elbo_plus" } }.ToEquatableArray() } };
        var output = VaeGenerator.Emit(file with { Models = new[] { altered, file.Models[1] }.ToEquatableArray() }, "Tests", System.Threading.CancellationToken.None);

        var error = Assert.Single(output.Diagnostics);
        Assert.Equal("VAE9001", error.Id);
        Assert.Equal("the loss term 'elbo_plus' is not supported by the code generator yet", error.Message);
        Assert.Equal(kl.Span, error.Span);
        Assert.Equal("Tests.Second", Assert.Single(output.Sources).Declaration.FullName);
    }

    /// <summary>A file whose text the compiler cannot give: it throws <paramref name="error"/> (an IOException by
    /// default), or gives null when <paramref name="throws"/> is false (as for a file it finds binary).</summary>
    private sealed class UnreadableText(string path, System.Exception? error = null, bool throws = true) : AdditionalText
    {
        public override string Path { get; } = path;

        public override Microsoft.CodeAnalysis.Text.SourceText? GetText(System.Threading.CancellationToken cancellationToken = default) =>
            throws ? throw (error ?? new System.IO.IOException("disk on fire")) : null;
    }
}
