using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using VaeDsl.Dsl.Diagnostics;
using VaeDsl.Dsl.Model;

namespace VaeDsl.PyTorchExport;

/// <summary>What an export wrote, or why it wrote nothing.</summary>
/// <param name="Files">The files written, relative to the output folder; empty when the export was refused.</param>
/// <param name="Diagnostics">The file's diagnostics and the export's own (VAE9101), each at its place in the .vae file.</param>
/// <param name="Package">The Python package's name (the .vae file's name in snake_case).</param>
public sealed record ExportResult(IReadOnlyList<string> Files, IReadOnlyList<VaeDiagnostic> Diagnostics, string Package)
{
    public bool Succeeded => !Diagnostics.Any(d => d.Severity == Severity.Error);
}

/// <summary>
/// Writes the models of one checked .vae file as a Python package for PyTorch: <c>PACKAGE/models.py</c> with one
/// <c>nn.Module</c> per model (the twin of the TorchSharp module the generator emits: same state_dict keys and shapes,
/// loss terms, schedules, sampling, reconstruction and log p(x) estimate), the package's hand-written modules beside
/// it, and <c>train.py</c>, which trains in one process or under torchrun with DistributedDataParallel. It reads the
/// checked model and the catalogue of <c>Dsl</c>, never the text: the build and the export cannot disagree.
/// </summary>
public static class PyTorchExporter
{
    /// <summary>The package's hand-written modules, copied as they are.</summary>
    internal static readonly string[] SupportModules = { "distributions", "flows", "likelihoods", "objectives", "schedules", "layers", "quantization", "safetensors", "data", "training" };

    /// <summary>Exports <paramref name="file"/> to <paramref name="directory"/>. A file with errors, or a model with a
    /// construct the export cannot write, writes nothing and returns the diagnostics.</summary>
    /// <exception cref="IOException">The output folder could not be written.</exception>
    public static ExportResult Export(CheckedFile file, string directory)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var sourceName = Path.GetFileName(file.Path);
        var package = PythonText.Snake(Path.GetFileNameWithoutExtension(file.Path), "vae_models");
        var diagnostics = file.Diagnostics.ToList();
        if (diagnostics.Any(d => d.Severity == Severity.Error)) return new ExportResult(Array.Empty<string>(), diagnostics, package);
        if (file.Models.Count == 0)
        {
            diagnostics.Add(new VaeDiagnostic(DiagnosticDescriptors.UnsupportedExport.Id, Severity.Error, "the file has no model to export", default));
            return new ExportResult(Array.Empty<string>(), diagnostics, package);
        }

        var (models, refusals) = Models(file.Models, sourceName);
        if (refusals.Count > 0) return new ExportResult(Array.Empty<string>(), diagnostics.Concat(refusals).ToList(), package);

        var files = new Dictionary<string, string>
        {
            [package + "/models.py"] = models,
            [package + "/__init__.py"] = Init(file.Models, sourceName),
            ["train.py"] = Resource("train.py").Replace("PACKAGE", package),
            ["README.md"] = Readme(file.Models, sourceName, package),
        };
        foreach (var module in SupportModules) files[$"{package}/{module}.py"] = Resource(module + ".py");
        foreach (var (name, text) in files)
        {
            var path = Path.Combine(directory, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
        }
        return new ExportResult(files.Keys.OrderBy(f => f, StringComparer.Ordinal).ToList(), diagnostics, package);
    }

    /// <summary>Whether every construct of the catalogue has an export (a construct added to the language without one
    /// is refused with VAE9101 where it is used).</summary>
    internal static IReadOnlyCollection<string> ExportedLayers => LayerEmitter.Supported;

    /// <summary>The layers of the catalogue refused with VAE9101 by design (custom layers, which are C#).</summary>
    internal static IReadOnlyCollection<string> RefusedLayers => LayerEmitter.Refused;

    /// <summary>models.py: every model's class, after the imports they need.</summary>
    private static (string Text, List<VaeDiagnostic> Refusals) Models(IEnumerable<CheckedModel> models, string sourceName)
    {
        var use = new ModuleImports();
        var classes = new List<string>();
        var refusals = new List<VaeDiagnostic>();
        foreach (var model in models)
        {
            try
            {
                classes.Add(new ModelExport(model, sourceName, use).Emit());
            }
            catch (ExportRefusedException refused)
            {
                refusals.Add(new VaeDiagnostic(DiagnosticDescriptors.UnsupportedExport.Id, Severity.Error,
                    DiagnosticDescriptors.UnsupportedExport.Format(refused.Message), refused.Span));
            }
        }
        var w = new PythonWriter();
        w.Line($"# Generated by VaeDsl from {sourceName}. Edit the .vae file and export again, not this file.");
        w.Line($"\"\"\"The models of {PythonText.Doc(sourceName)} as PyTorch modules.\"\"\"");
        use.Write(w);
        var text = w.ToString();
        foreach (var body in classes) text += "\n\n" + body;
        return (text, refusals);
    }

    private static string Init(IEnumerable<CheckedModel> models, string sourceName)
    {
        var names = models.Select(m => m.Name).ToList();
        var w = new PythonWriter();
        w.Line($"# Generated by VaeDsl from {sourceName}.");
        w.Line($"\"\"\"The models of {PythonText.Doc(sourceName)} for PyTorch, by name in MODELS.\"\"\"");
        w.Line($"from .models import {string.Join(", ", names)}");
        w.Line();
        w.Line($"MODELS = {{{string.Join(", ", names.Select(n => $"{PythonText.Quote(n)}: {n}"))}}}");
        w.Line();
        w.Line($"__all__ = [\"MODELS\", {string.Join(", ", names.Select(PythonText.Quote))}]");
        return w.ToString();
    }

    private static string Readme(IReadOnlyList<CheckedModel> models, string sourceName, string package) =>
        $"""
        # {package}

        The models of `{sourceName}` ({string.Join(", ", models.Select(m => m.Name))}) as PyTorch modules, exported by VaeDsl (`vae export
        {sourceName} --to pytorch`). Each is the twin of the TorchSharp module the VaeDsl generator builds from the same
        file: the same `state_dict` keys and shapes, the same loss terms and schedules, and, from the same seed, the same
        initial weights and random draws. Weights move both ways as safetensors: `model.safetensors` from `train.py` loads
        into the C# model with `LoadWeights`, and the C# model's `SaveWeights("model.safetensors")` loads here with
        `{package}.safetensors.load_weights(model, path)`.

        ```sh
        python3 train.py --data DIR --epochs N --out OUT [--seed S] [--model {models[0].Name}]
        torchrun --nproc_per_node 2 train.py --data DIR --epochs N --out OUT    # DistributedDataParallel: gloo on CPUs, nccl on GPUs
        ```

        `train.py --data DIR` reads what VaeDsl's data folders hold, found by the same rules: one CSV table (a header row;
        a column `class`, when there, is the label; split 80/20 with the Tabular example's seed and standardised with the
        training rows' statistics), MNIST's IDX files (gzipped or not), `train.npz`/`test.npz`, `train.npy`/`test.npy`
        (labels in `train_labels.npy`/`test_labels.npy`) or `train/` and `test/` folders of PNG or JPEG images (one
        sub-folder per class; decoded with Pillow, `--resize yes` scales other sizes); `--binarize dynamic` draws each
        training batch afresh as the C# trainer does and binarises the test set once. It writes
        `OUT/metrics.jsonl` (one line per epoch: `epoch`, `train_loss`, `test_loss` in nats per example, `seconds`,
        `images_per_second`, and for a quantised latent the codebook's `usage`, `perplexity` and `restarted`, and its
        `test_usage` and `test_perplexity` on the test set),
        `OUT/checkpoint.pt` after every epoch (`--resume` goes on from it) and `OUT/model.safetensors` (with a quantised
        latent's prior over codes, fitted to the training set when the run ends), and prints `test_loss: X`, the test loss of the saved weights
        with the noise of the seed (what `vae eval` prints for the C# model). Under torchrun each process trains on its
        share of every epoch (DistributedSampler) with the model's batch size, and rank 0 alone writes.
        The package needs PyTorch only (1.13 or later); its safetensors module is its own, since Debian's PyTorch has none.

        """;

    private static string Resource(string name)
    {
        using var stream = typeof(PyTorchExporter).Assembly.GetManifestResourceStream("VaeDsl.PyTorchExport.Python." + name)
            ?? throw new InvalidOperationException($"the export's module {name} is missing from the assembly");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
