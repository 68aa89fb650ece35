using System.Collections.Generic;
using System.IO;
using System.Linq;
using VaeDsl.Dsl;
using VaeDsl.Dsl.Model;
using VaeDsl.Testing;
using Xunit;

namespace VaeDsl.PyTorchExport.Tests;

/// <summary>Debian's PyTorch (python3-torch, installed by scripts/setup.sh) and the packages the tests export.</summary>
internal static class Python
{
    /// <summary>The interpreter with torch: the first python3 on PATH may be another build without it.</summary>
    public const string Interpreter = "/usr/bin/python3";

    /// <summary>The .vae files whose models the tests export: the language tour, every example, and the tests' own
    /// quantised models (a codebook learned by its loss, at one position and at a grid of them), hierarchies with a
    /// teacher-forced decoder (bottom-up and top-down) and amortised flows on a conditional model.</summary>
    public static readonly IReadOnlyList<string> SourceFiles = new[]
    {
        RepositoryRoot.File("Vae.dsl"),
        RepositoryRoot.File("Examples", "MnistMlp", "MnistMlp.vae"),
        RepositoryRoot.File("Examples", "MnistConv", "MnistConv.vae"),
        RepositoryRoot.File("Examples", "BetaVae", "BetaVae.vae"),
        RepositoryRoot.File("Examples", "ConditionalVae", "ConditionalVae.vae"),
        RepositoryRoot.File("Examples", "Iwae", "Iwae.vae"),
        RepositoryRoot.File("Examples", "Tabular", "WineVae.vae"),
        RepositoryRoot.File("Examples", "FlowVae", "FlowVae.vae"),
        RepositoryRoot.File("Examples", "Hierarchical", "Hierarchical.vae"),
        RepositoryRoot.File("Examples", "VqVae", "VqVae.vae"),
        RepositoryRoot.File("PyTorchExport.Tests", "Models", "Codebooks.vae"),
        RepositoryRoot.File("PyTorchExport.Tests", "Models", "TeacherForcedHierarchies.vae"),
        RepositoryRoot.File("PyTorchExport.Tests", "Models", "AmortizedFlows.vae"),
    };

    /// <summary>Exports <paramref name="source"/> into <paramref name="directory"/> and returns the package's name; the
    /// models the export refuses on purpose (ExportTests: custom layers) are left out.</summary>
    public static string Export(string source, string directory)
    {
        var result = PyTorchExporter.Export(Exportable(VaeCompiler.Compile(source, File.ReadAllText(source))), directory);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        return result.Package;
    }

    /// <summary>Runs a Python script with warnings turned into errors, so exported code that warns fails the test.</summary>
    public static ProcessResult Run(string directory, params string[] arguments) =>
        ProcessRunner.Run(Interpreter, ["-W", "error", .. arguments], directory, new Dictionary<string, string?> { ["PYTHONDONTWRITEBYTECODE"] = "1" });

    /// <summary>The file without the models the export refuses on purpose: those with a custom layer in any network (its C#
    /// has no PyTorch twin).</summary>
    public static CheckedFile Exportable(CheckedFile file) => file with
    {
        Models = file.Models.Where(m => !m.CustomLayers().Any()).ToEquatableArray(),
    };
}
