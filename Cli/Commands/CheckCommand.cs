using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using VaeDsl.Dsl;
using VaeDsl.Dsl.Model;

namespace VaeDsl.Cli.Commands;

/// <summary><c>vae check FILE|DIR...</c>: every diagnostic in the build's format; exit code 1 when any is an error.</summary>
internal static class CheckCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("paths") { Description = "Files, or folders searched for *.vae", Arity = ArgumentArity.OneOrMore };
        var command = new Command("check", "Report every problem in .vae files, as the build does; exit code 1 on errors.") { paths };
        command.SetAction(result => Run(result.GetValue(paths)!, Console.Out, Console.Error));
        return command;
    }

    public static int Run(string[] paths, TextWriter output, TextWriter error)
    {
        var (files, missing) = SourceFiles.Expand(paths);
        if (missing is not null)
        {
            error.WriteLine($"vae check: no file or folder '{missing}'");
            return 1;
        }
        var errors = 0;
        var warnings = 0;
        foreach (var file in files)
        {
            if (SourceFiles.Read(file, "vae check", error) is not { } text)
            {
                errors++;
                continue;
            }
            foreach (var diagnostic in VaeCompiler.Compile(file, text).Diagnostics)
            {
                output.WriteLine(Format(file, diagnostic));
                if (diagnostic.Severity == Severity.Error) errors++;
                else if (diagnostic.Severity == Severity.Warning) warnings++;
            }
        }
        output.WriteLine($"{files.Count} file(s) checked: {errors} error(s), {warnings} warning(s)");
        return errors > 0 ? 1 : 0;
    }

    /// <summary><c>path(line,col): error VAE0102: message</c>, as MSBuild prints the generator's diagnostics.</summary>
    public static string Format(string path, VaeDiagnostic diagnostic) =>
        $"{path}{diagnostic.Span}: {diagnostic.Severity.ToString().ToLowerInvariant()} {diagnostic.Id}: {diagnostic.Message}";
}
