using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using VaeDsl.Dsl;
using VaeDsl.Dsl.Model;
using VaeDsl.PyTorchExport;

namespace VaeDsl.Cli.Commands;

/// <summary><c>vae export FILE --to pytorch --out DIR</c>: the file's models as a PyTorch package with train.py; a
/// file with errors, or a construct the export cannot write, is reported at its line and nothing is written.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "A .vae file" };
        var to = new Option<string>("--to") { Description = "The target: pytorch", Required = true };
        var output = new Option<string>("--out") { Description = "The folder to write the package to", Required = true };
        var command = new Command("export", "Write the models of a .vae file as a PyTorch package (one nn.Module per model, and train.py for torchrun).") { file, to, output };
        command.SetAction(result => Run(result.GetValue(file)!, result.GetValue(to)!, result.GetValue(output)!, Console.Out, Console.Error));
        return command;
    }

    public static int Run(string path, string target, string directory, TextWriter output, TextWriter error)
    {
        if (target != "pytorch")
        {
            error.WriteLine($"vae export: cannot export to '{target}'; the target is pytorch");
            return 1;
        }
        if (!File.Exists(path))
        {
            error.WriteLine($"vae export: no file '{path}'");
            return 1;
        }
        if (SourceFiles.Read(path, "vae export", error) is not { } text) return 1;
        ExportResult result;
        try
        {
            result = PyTorchExporter.Export(VaeCompiler.Compile(path, text), directory);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"vae export: cannot write to '{directory}': {exception.Message}");
            return 1;
        }
        foreach (var diagnostic in result.Diagnostics.Where(d => d.Severity != Severity.Info))
        {
            (diagnostic.Severity == Severity.Error ? error : output).WriteLine(CheckCommand.Format(path, diagnostic));
        }
        if (!result.Succeeded)
        {
            error.WriteLine($"vae export: nothing written");
            return 1;
        }
        output.WriteLine($"wrote the package {result.Package} ({result.Files.Count} files) to {directory}: python3 {Path.Combine(directory, "train.py")} --data DIR --epochs N --out OUT");
        return 0;
    }
}
