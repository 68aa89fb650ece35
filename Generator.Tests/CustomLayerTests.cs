using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using VaeDsl.Generator.Tests.Infrastructure;
using Xunit;

namespace VaeDsl.Generator.Tests;

/// <summary>A custom layer names a type of the project: the generator looks it up in the compilation, checks that it is
/// a module of one tensor with a public constructor the arguments fit, reports what is wrong at the type's name in the
/// .vae file, and otherwise emits the constructor call with the declared shape for the Runtime's check.</summary>
public sealed class CustomLayerTests
{
    /// <summary>The project's own C#: the layer types these tests name (and those of HierarchyCombinationTests).</summary>
    internal const string Layers = """
        using TorchSharp;
        using static TorchSharp.torch;

        namespace MyLayers
        {
            public sealed class Gate : nn.Module<Tensor, Tensor>
            {
                private readonly TorchSharp.Modules.Linear linear;
                public Gate(long features, double p = 0.5, bool gated = true) : base(nameof(Gate)) { linear = nn.Linear(features, features); RegisterComponents(); }
                public override Tensor forward(Tensor input) => input * sigmoid(linear.forward(input));
            }

            public sealed class Scale : nn.Module<Tensor, Tensor>
            {
                private readonly float factor;
                public Scale(float factor) : base(nameof(Scale)) => this.factor = factor;
                public Scale(int repeats, int unused) : base(nameof(Scale)) => factor = repeats;
                public override Tensor forward(Tensor input) => input * factor;
            }

            public sealed class Either : nn.Module<Tensor, Tensor>
            {
                public Either(int size) : base(nameof(Either)) { }
                public Either(long size) : base(nameof(Either)) { }
                public override Tensor forward(Tensor input) => input;
            }

            public sealed class Pair : nn.Module<(Tensor, Tensor), Tensor>
            {
                public Pair() : base(nameof(Pair)) { }
                public override Tensor forward((Tensor, Tensor) input) => input.Item1;
            }

            public abstract class Base : nn.Module<Tensor, Tensor>
            {
                protected Base() : base(nameof(Base)) { }
            }

            internal sealed class Hidden
            {
                private sealed class Inner : nn.Module<Tensor, Tensor>
                {
                    public Inner() : base(nameof(Inner)) { }
                    public override Tensor forward(Tensor input) => input;
                }
            }
        }

        namespace UserProject
        {
            public sealed class Local : nn.Module<Tensor, Tensor>
            {
                public Local() : base(nameof(Local)) { }
                public override Tensor forward(Tensor input) => input;
            }
        }
        """;

    private static string Model(string encoderLayer) => $$"""
        model Custom {
          input x: [8]
          hyper width = 16
          encoder {
            linear(width) relu
            {{encoderLayer}}
          }
          latent z ~ Normal(2)
          decoder { linear(8) }
          likelihood Bernoulli
          loss = recon + kl
        }
        """;

    private static (GeneratorDriverRunResult Result, Compilation Output) Run(string encoderLayer, params string[] code) =>
        GeneratorHarness.RunWithCode(code.Length == 0 ? [Layers] : code, ("/project/custom.vae", Model(encoderLayer)));

    /// <summary>The one error, located in the .vae file at line 6 (the custom layer's), column <paramref name="column"/>.</summary>
    private static Diagnostic Error(string encoderLayer, string id, int column, params string[] code)
    {
        var (result, _) = Run(encoderLayer, code);
        var error = Assert.Single(result.Diagnostics);
        Assert.Equal(id, error.Id);
        var span = error.Location.GetLineSpan();
        Assert.Equal("/project/custom.vae", span.Path);
        Assert.Equal((6, column), (span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1));
        return error;
    }

    [Fact]
    public void A_custom_layer_becomes_its_constructor_call_with_the_declared_shape_and_compiles_without_a_warning()
    {
        var (result, output) = Run("custom MyLayers.Gate(width, p: 0.25) [n] -> [n]  custom MyLayers.Scale(2.5) -> [width]");

        Assert.Empty(result.Diagnostics);
        GeneratorHarness.AssertNoWarnings(output);
        var source = GeneratorHarness.ModelTrees(result).Single().GetText().ToString();
        Assert.Contains(".Custom(new global::MyLayers.Gate(o.Width, p: 0.25), 1, received => new long[] { received[0] }, \"custom.vae(6,5)\")", source);
        Assert.Contains(".Custom(new global::MyLayers.Scale(2.5f), new long[] { o.Width }, \"custom.vae(6,54)\");", source);
    }

    [Fact]
    public void A_type_is_found_from_the_model_s_namespace_as_C_sharp_would()
    {
        var (result, output) = Run("custom Local -> [16]");

        Assert.Empty(result.Diagnostics);
        GeneratorHarness.AssertNoWarnings(output);
    }

    [Fact]
    public void VAE0135_a_type_missing_from_the_compilation_is_an_error_at_its_name()
    {
        var error = Error("custom MyLayers.Gat(width) -> [16]", "VAE0135", 12);
        Assert.Equal("custom layer type 'MyLayers.Gat' is not found in the project or its references (looked up from the namespace UserProject, as the generated class sees it)", error.GetMessage());
    }

    [Fact]
    public void VAE0135_a_type_the_project_cannot_see_is_reported_as_such()
    {
        var error = Error("custom MyLayers.Hidden.Inner -> [16]", "VAE0135", 12);
        Assert.EndsWith("MyLayers.Hidden.Inner exists but the project cannot see it; make it public (or internal, in the project itself)", error.GetMessage());
    }

    [Theory]
    [InlineData("MyLayers.Pair", "derives from TorchSharp.torch.nn.Module<(TorchSharp.torch.Tensor, TorchSharp.torch.Tensor), TorchSharp.torch.Tensor>, not from a module of one tensor")]
    [InlineData("MyLayers.Base", "is abstract")]
    [InlineData("System.String", "derives from object, not from a module of one tensor")]
    [InlineData("System.DayOfWeek", "is an enum")]
    public void VAE0136_a_type_that_is_not_a_module_of_one_tensor_is_an_error_at_its_name(string type, string why)
    {
        var error = Error($"custom {type} -> [16]", "VAE0136", 12);
        Assert.Equal($"custom layer type '{type}' {why}; it must be a class deriving from torch.nn.Module<Tensor, Tensor>", error.GetMessage());
    }

    [Theory]
    [InlineData("MyLayers.Gate(width, q: 1)", "no public constructor taking (width, q: 1); it has Gate(long features, double p = 0.5, bool gated = true)")]
    [InlineData("MyLayers.Gate(gated: true)", "no public constructor taking (gated: true); it has Gate(long features, double p = 0.5, bool gated = true)")]
    [InlineData("MyLayers.Gate(0.5)", "no public constructor taking (0.5); it has Gate(long features, double p = 0.5, bool gated = true)")]
    [InlineData("MyLayers.Scale(true)", "no public constructor taking (true); it has Scale(float factor), Scale(int repeats, int unused)")]
    [InlineData("MyLayers.Either(3)", "more than one public constructor taking (3): Either(int size), Either(long size); name the arguments to choose one")]
    public void VAE0137_arguments_no_constructor_takes_are_an_error_at_the_type_s_name(string layer, string what)
    {
        var error = Error($"custom {layer} -> [16]", "VAE0137", 12);
        Assert.Equal($"custom layer type '{layer.Substring(0, layer.IndexOf('('))}' has {what}", error.GetMessage());
    }

    [Fact]
    public void VAE0138_a_name_of_two_types_is_ambiguous()
    {
        // The same full name in the project and in a referenced assembly.
        var library = CSharpCompilation.Create("OtherLayers", [CSharpSyntaxTree.ParseText(Layers)], GeneratorHarness.NewCompilation().References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var driver = GeneratorHarness.NewDriver([new InMemoryAdditionalText("/project/custom.vae", Model("custom MyLayers.Gate(width) -> [16]"))]);
        var project = GeneratorHarness.NewCompilation().AddSyntaxTrees(CSharpSyntaxTree.ParseText(Layers)).AddReferences(library.ToMetadataReference());
        driver = driver.RunGenerators(project);

        var error = Assert.Single(driver.GetRunResult().Diagnostics);
        Assert.Equal("VAE0138", error.Id);
        Assert.Equal((6, 12), (error.Location.GetLineSpan().StartLinePosition.Line + 1, error.Location.GetLineSpan().StartLinePosition.Character + 1));
        Assert.Equal("custom layer type 'MyLayers.Gate' names more than one type: MyLayers.Gate in OtherLayers and MyLayers.Gate in UserProject; write the full name", error.GetMessage());
    }

    [Fact]
    public void An_edit_of_C_sharp_code_that_leaves_the_type_as_it_was_re_emits_nothing_and_one_that_changes_its_constructor_is_checked_again()
    {
        var file = new InMemoryAdditionalText("/project/custom.vae", Model("custom MyLayers.Gate(width) -> [16]"));
        var driver = GeneratorHarness.NewDriver([file]);
        var compilation = GeneratorHarness.NewCompilation().AddSyntaxTrees(CSharpSyntaxTree.ParseText(Layers));
        driver = driver.RunGenerators(compilation);

        var unrelated = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace App { public static class Program { } }"));
        driver = driver.RunGenerators(unrelated);
        Assert.Equal(IncrementalStepRunReason.Unchanged, Reason(driver, VaeGenerator.Steps.CustomTypes));
        Assert.Equal(IncrementalStepRunReason.Cached, Reason(driver, VaeGenerator.Steps.Emit));

        var changed = GeneratorHarness.NewCompilation().AddSyntaxTrees(CSharpSyntaxTree.ParseText(Layers.Replace("public Gate(long features,", "public Gate(int features,")));
        driver = driver.RunGenerators(changed);
        Assert.Equal(IncrementalStepRunReason.Modified, Reason(driver, VaeGenerator.Steps.CustomTypes));
        // Emitted again from the new facts; the call is the same C# (an int converts to long as well), so the output is unchanged.
        Assert.Equal(IncrementalStepRunReason.Unchanged, Reason(driver, VaeGenerator.Steps.Emit));
        Assert.Empty(driver.GetRunResult().Diagnostics);

        var removed = GeneratorHarness.NewCompilation().AddSyntaxTrees(CSharpSyntaxTree.ParseText(Layers.Replace("public Gate(long features,", "public Gate(bool features,")));
        driver = driver.RunGenerators(removed);
        Assert.Equal(IncrementalStepRunReason.Modified, Reason(driver, VaeGenerator.Steps.Emit));
        Assert.Equal("VAE0137", Assert.Single(driver.GetRunResult().Diagnostics).Id);
    }

    private static IncrementalStepRunReason Reason(GeneratorDriver driver, string step) =>
        driver.GetRunResult().Results.Single().TrackedSteps[step].Single().Outputs.Single().Reason;
}
