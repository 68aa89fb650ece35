using System.IO;
using System.Linq;
using VaeDsl.Dsl;
using VaeDsl.Dsl.Catalog;
using VaeDsl.Dsl.Diagnostics;
using VaeDsl.Testing;
using Xunit;

namespace VaeDsl.PyTorchExport.Tests;

/// <summary>What the export writes and what it refuses: every construct of the catalogue has an export, a file with
/// errors or a construct it cannot write gives located diagnostics and writes nothing, and the package it writes
/// imports without a warning.</summary>
public sealed class ExportTests : System.IDisposable
{
    private readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Every_layer_of_the_catalogue_has_an_export_but_the_custom_layer_which_is_CSharp()
    {
        var layers = ConstructCatalog.OfKind(ConstructKind.Layer).Select(c => c.Name).ToList();
        Assert.Empty(layers.Except(PyTorchExporter.ExportedLayers).Except(PyTorchExporter.RefusedLayers));
        Assert.Empty(PyTorchExporter.ExportedLayers.Concat(PyTorchExporter.RefusedLayers).Except(layers));
        Assert.Equal(new[] { "custom" }, PyTorchExporter.RefusedLayers);
    }

    [Fact]
    public void A_custom_layer_is_refused_at_its_type_s_name_and_nothing_is_written()
    {
        var text = "model Gated {\n  input x: [4]\n  encoder {\n    linear(8) relu\n    custom MyLayers.Gate(8) [n] -> [n]\n  }\n  latent z ~ Normal(2)\n  decoder { linear(4) }\n  likelihood Bernoulli\n  loss = recon + kl\n}\n";

        var result = PyTorchExporter.Export(VaeCompiler.Compile("gated.vae", text), folder.Path);

        var refusal = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticDescriptors.UnsupportedExport.Id, refusal.Id);
        Assert.Equal("(5,12)", refusal.Span.ToString());
        Assert.Equal("the custom layer 'MyLayers.Gate' is C# code of the project, which the PyTorch export cannot translate; write the layer with the language's layers to export the model", refusal.Message);
        Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
    }

    [Theory]
    [InlineData("latent z2 ~ Normal(2) from z1 { linear(8) custom MyLayers.Gate(8) -> [8] }\n  prior z1 ~ Normal given z2 { linear(8) }", "(5,52)")]
    [InlineData("latent z2 ~ Normal(2) from z1 { linear(8) }\n  prior z1 ~ Normal given z2 { linear(6) custom MyLayers.Gate(6) [n] -> [n] }", "(6,49)")]
    public void A_custom_layer_in_a_network_of_a_hierarchy_is_refused_at_its_type_s_name(string networks, string at)
    {
        var text = "model Gated {\n  input x: [12]\n  encoder { linear(16) relu }\n  latent z1 ~ Normal(4)\n  " + networks
            + "\n  prior z2 ~ StandardNormal\n  decoder { linear(12) }\n  likelihood Gaussian\n  loss = recon + kl\n}\n";

        var result = PyTorchExporter.Export(VaeCompiler.Compile("gated.vae", text), folder.Path);

        var refusal = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticDescriptors.UnsupportedExport.Id, refusal.Id);
        Assert.Equal(at, refusal.Span.ToString());
        Assert.StartsWith("the custom layer 'MyLayers.Gate' is C# code of the project", refusal.Message);
        Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
    }

    [Theory]
    [InlineData(ConstructKind.Condition)]
    [InlineData(ConstructKind.LatentFamily)]
    [InlineData(ConstructKind.Flow)]
    [InlineData(ConstructKind.Prior)]
    [InlineData(ConstructKind.Likelihood)]
    [InlineData(ConstructKind.LossTerm)]
    [InlineData(ConstructKind.WeightSchedule)]
    [InlineData(ConstructKind.Optimizer)]
    [InlineData(ConstructKind.LearningRateSchedule)]
    public void Every_construct_of_the_catalogue_has_an_export(ConstructKind kind)
    {
        var exported = kind switch
        {
            ConstructKind.Condition => ModelExport.SupportedConditions,
            ConstructKind.LatentFamily => LatentExport.SupportedFamilies.Append(QuantizedLatentExport.Family).ToList(),
            ConstructKind.Flow => LatentExport.SupportedFlows,
            ConstructKind.Prior => LatentExport.SupportedPriors.Append(QuantizedLatentExport.PriorFamily).ToList(),
            ConstructKind.Likelihood => LikelihoodExport.Supported,
            ConstructKind.LossTerm => ModelExport.SupportedTerms,
            ConstructKind.WeightSchedule => ModelExport.SupportedSchedules,
            ConstructKind.Optimizer => TrainingSettingsExport.SupportedOptimizers,
            _ => TrainingSettingsExport.SupportedLearningRateSchedules,
        };
        Assert.Empty(ConstructCatalog.OfKind(kind).Select(c => c.Name).Except(exported));
    }

    [Fact]
    public void A_quantised_latent_exports_as_the_package_s_quantiser_and_fitted_prior()
    {
        var text = "model Codes {\n  input x: [1, 28, 28]\n  encoder { conv2d(8, kernel: 4, stride: 4) }\n"
            + "  latent z ~ VectorQuantized(codes: 16, dim: 8, commitment: 0.5, ema: true, decay: 0.9, restart: true, restart_every: 10)\n"
            + "  decoder { conv_transpose2d(1, kernel: 4, stride: 4) }\n  likelihood Bernoulli\n  loss = recon + vq\n}\n";

        var result = PyTorchExporter.Export(VaeCompiler.Compile("codes.vae", text), folder.Path);

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var models = File.ReadAllText(Path.Combine(folder.Path, "codes", "models.py"));
        Assert.Contains("from .quantization import FittedCategoricalPrior, VectorQuantizer\n", models);
        Assert.Contains("    code_shape = (8, 7, 7)\n", models);
        Assert.Contains("""
                    self.z = VectorQuantizer(16, 8, commitment=0.5, ema=True, decay=0.9, restart=True, restart_every=10)
                    self.z_prior = FittedCategoricalPrior(16, self.code_shape)
            """.Replace("\r", ""), models);
        Assert.Contains("vq = self.z.loss(quantization)", models);
        Assert.DoesNotContain("log_likelihood", models);
        Assert.DoesNotContain("posterior_mean", models);
    }

    [Theory]
    [InlineData("latent z ~ Normal(3)\n", "draws from the prior")]
    [InlineData("latent z1 ~ Normal(3)\n  latent z2 ~ Normal(2) from z1\n  prior z1 ~ Normal given z2\n", "ancestral draws from the priors, the top first")]
    public void A_teacher_forced_model_s_reconstruct_and_sample_say_they_decode_tokens_greedily(string latents, string draws)
    {
        var text = "model Spelled {\n  input x: [6]\n  encoder { embedding(10, 4) lstm(8, output: last) }\n  " + latents
            + "  decoder {\n    teacher_forcing(dim: 4)\n    gru(8)\n    linear(10)\n  }\n  likelihood TokenCategorical(10)\n  loss = recon + kl\n}\n";

        var result = PyTorchExporter.Export(VaeCompiler.Compile("spelled.vae", text), folder.Path);

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var models = File.ReadAllText(Path.Combine(folder.Path, "spelled", "models.py"));
        Assert.Contains("\"\"\"The tokens decoded greedily, position by position, at the posterior means of a batch.\"\"\"", models);
        Assert.Contains($"\"\"\"The tokens decoded greedily, position by position, at `count` {draws}.\"\"\"", models);
        Assert.DoesNotContain("likelihood's mean", models);
    }

    [Fact]
    public void A_teacher_forced_decoder_after_a_quantised_latent_never_reaches_the_export()
    {
        // The front end refuses it (VAE0330), so the export has no refusal of its own for it.
        var text = "model Spoken {\n  input x: [6]\n  encoder { embedding(10, 4) flatten linear(3) }\n  latent z ~ VectorQuantized(codes: 4, dim: 3)\n"
            + "  decoder {\n    teacher_forcing(dim: 4)\n    gru(8)\n    linear(10)\n  }\n  likelihood TokenCategorical(10)\n  loss = recon + vq\n}\n";

        var result = PyTorchExporter.Export(VaeCompiler.Compile("spoken.vae", text), folder.Path);

        var refusal = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticDescriptors.TeacherForcingAfterQuantized.Id, refusal.Id);
        Assert.Equal("(6,5)", refusal.Span.ToString());
        Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
    }

    [Fact]
    public void Every_training_setting_of_the_catalogue_reaches_train_py()
    {
        Assert.Empty(ConstructCatalog.TrainSettings.Select(p => p.Name).Except(TrainingSettingsExport.SupportedSettings));
    }

    [Fact]
    public void The_tour_uses_every_kind_of_construct_the_parity_tests_cover()
    {
        // The tour is held against the catalogue by the front end's tests; exporting it exports every construct.
        // All but its custom layer, refused at the type's name (the first custom layer of the file).
        var text = File.ReadAllText(RepositoryRoot.File("Vae.dsl"));
        var tour = VaeCompiler.Compile("Vae.dsl", text);
        var refused = PyTorchExporter.Export(tour, folder.Path);
        var refusal = Assert.Single(refused.Diagnostics);
        Assert.Equal("VAE9101", refusal.Id);
        Assert.Equal(text.IndexOf("custom Gate(", System.StringComparison.Ordinal) + "custom ".Length, refusal.Span.Start);

        var result = PyTorchExporter.Export(Python.Exportable(tour), folder.Path);

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.Equal("vae", result.Package);
        Assert.Contains("vae/models.py", result.Files);
        Assert.Contains("train.py", result.Files);
        Assert.All(PyTorchExporter.SupportModules, module => Assert.Contains($"vae/{module}.py", result.Files));
        var models = File.ReadAllText(Path.Combine(folder.Path, "vae", "models.py"));
        foreach (var model in new[] { "MnistConv", "Tabular", "Discrete", "Pixels", "Tokens", "Flows", "Sequences", "Words", "Codes", "Ladder" })
        {
            Assert.Contains($"class {model}(nn.Module):", models);
        }
    }

    [Fact]
    public void The_exported_MnistMlp_reads_like_the_PyTorch_example()
    {
        var source = RepositoryRoot.File("Examples", "MnistMlp", "MnistMlp.vae");
        var result = PyTorchExporter.Export(VaeCompiler.Compile(source, File.ReadAllText(source)), folder.Path);

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var models = File.ReadAllText(Path.Combine(folder.Path, "mnist_mlp", "models.py"));
        Assert.Contains("""
                    self.encoder = nn.Sequential(
                        nn.Flatten(),
                        nn.Linear(784, 400),
                        nn.ReLU(),
                    )
                    self.z = NormalHead(400, 20)
                    self.z_prior = StandardNormalPrior(20)
            """.Replace("\r", ""), models);
        Assert.Contains("recon = bernoulli_nll(logits, x)", models);
        Assert.Contains("kl = self.z_prior.kl_mean(posterior[\"z\"], samples[\"z\"])", models);
    }

    [Fact]
    public void A_file_with_errors_is_refused_with_its_diagnostics_and_nothing_is_written()
    {
        var text = "model Broken {\n  input x: [4]\n  encoder { linear(8) relu }\n  latent z ~ Normal(2)\n  decoder { linear(5) }\n  likelihood Bernoulli\n  loss = recon + kl\n}\n";

        var result = PyTorchExporter.Export(VaeCompiler.Compile("broken.vae", text), folder.Path);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Diagnostics, d => d.Id == "VAE0205");
        Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
    }

    [Fact]
    public void A_latent_named_like_a_method_of_the_PyTorch_module_is_refused_at_its_line()
    {
        var text = "model Named {\n  input x: [4]\n  encoder { linear(8) relu }\n  latent sample ~ Normal(2)\n  decoder { linear(4) }\n  likelihood Bernoulli\n  loss = recon + kl\n}\n";

        var result = PyTorchExporter.Export(VaeCompiler.Compile("named.vae", text), folder.Path);

        var refusal = Assert.Single(result.Diagnostics, d => d.Id == DiagnosticDescriptors.UnsupportedExport.Id);
        Assert.Equal("(4,3)", refusal.Span.ToString());
        Assert.StartsWith("the latent 'sample' would be named like a Python keyword or a method of the PyTorch module", refusal.Message);
        Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
    }

    [Fact]
    public void Every_exported_package_imports_and_its_train_script_answers_help_without_a_warning()
    {
        foreach (var source in Python.SourceFiles)
        {
            var directory = Path.Combine(folder.Path, Path.GetFileNameWithoutExtension(source));
            Python.Export(source, directory);
        }
        var script = string.Join("\n", Python.SourceFiles.Select(s => Path.GetFileNameWithoutExtension(s)).Select(name =>
            $"sys.path.insert(0, {Quote(Path.Combine(folder.Path, name))}); import {PythonText.Snake(name, "vae_models")}.models, {PythonText.Snake(name, "vae_models")}.training, {PythonText.Snake(name, "vae_models")}.data"));
        var run = Python.Run(folder.Path, "-c", "import sys\n" + script);
        Assert.True(run.ExitCode == 0, run.ToString());

        var help = Python.Run(Path.Combine(folder.Path, "MnistMlp"), "train.py", "--help");
        Assert.True(help.ExitCode == 0, help.ToString());
        Assert.Contains("--data DATA", help.Output);
        Assert.Contains("--seed SEED", help.Output);
    }

    private static string Quote(string text) => "'" + text.Replace("\\", "\\\\").Replace("'", "\\'") + "'";
}
