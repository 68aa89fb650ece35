using System;
using System.IO;
using System.Linq;
using VaeDsl.Dsl;
using VaeDsl.Dsl.Diagnostics;
using VaeDsl.Dsl.Model;

namespace VaeDsl.PyTorchExport.Build;

/// <summary>
/// <c>VaeDsl.PyTorchExport.Build OUT FILE.vae...</c>: exports each file's models to <c>OUT/&lt;file name&gt;/</c> (its
/// package and train.py), printing every diagnostic in the compiler's format so MSBuild shows it at its line in the
/// .vae file. Exit code 1 when any file was refused; the other files are still exported.
/// </summary>
public static class Program
{
    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length < 2)
        {
            error.WriteLine("usage: VaeDsl.PyTorchExport.Build OUT FILE.vae...");
            return 2;
        }
        var root = args[0];
        var failed = false;
        foreach (var path in args.Skip(1))
        {
            var directory = Path.Combine(root, Path.GetFileNameWithoutExtension(path));
            CheckedFile file;
            try
            {
                file = VaeCompiler.Compile(path, File.ReadAllText(path));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                file = VaeCompiler.ReadFailed(path, exception.Message);
            }
            ExportResult result;
            try
            {
                result = PyTorchExporter.Export(file, directory);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                var notWritten = DiagnosticDescriptors.ExportNotWritten;
                error.WriteLine($"{path}: error {notWritten.Id}: {notWritten.Format(directory, exception.Message)}");
                failed = true;
                continue;
            }
            foreach (var diagnostic in result.Diagnostics.Where(d => d.Severity != Severity.Info))
            {
                (diagnostic.Severity == Severity.Error ? error : output).WriteLine(
                    $"{path}{diagnostic.Span}: {diagnostic.Severity.ToString().ToLowerInvariant()} {diagnostic.Id}: {diagnostic.Message}");
            }
            if (result.Succeeded)
            {
                output.WriteLine($"{Path.GetFileName(path)} -> {directory} (the package {result.Package} and train.py)");
            }
            failed |= !result.Succeeded;
        }
        return failed ? 1 : 0;
    }
}
