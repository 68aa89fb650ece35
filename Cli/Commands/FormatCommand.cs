using System;
using System.CommandLine;
using System.IO;
using VaeDsl.Dsl.Formatting;

namespace VaeDsl.Cli.Commands;

/// <summary><c>vae format [--check] FILE|DIR...</c>: rewrites each file in the one layout, keeping its comments;
/// with <c>--check</c> only lists the files that are not formatted. Exit code 1 when a file could not be
/// formatted (a syntax error), read or written, or, with <c>--check</c>, when one is not formatted.</summary>
internal static class FormatCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("paths") { Description = "Files, or folders searched for *.vae", Arity = ArgumentArity.OneOrMore };
        var check = new Option<bool>("--check") { Description = "Change nothing; list the files that are not formatted and exit with 1 if any" };
        var command = new Command("format", "Lay out .vae files in the one canonical format, keeping every comment.") { paths, check };
        command.SetAction(result => Run(result.GetValue(paths)!, result.GetValue(check), Console.Out, Console.Error));
        return command;
    }

    public static int Run(string[] paths, bool checkOnly, TextWriter output, TextWriter error)
    {
        var (files, missing) = SourceFiles.Expand(paths);
        if (missing is not null)
        {
            error.WriteLine($"vae format: no file or folder '{missing}'");
            return 1;
        }
        var failed = false;
        foreach (var file in files)
        {
            if (SourceFiles.Read(file, "vae format", error) is not { } text)
            {
                failed = true;
                continue;
            }
            var formatted = VaeFormatter.Format(text);
            if (formatted is null)
            {
                error.WriteLine($"vae format: '{file}' has a syntax error; run vae check {file}");
                failed = true;
            }
            else if (formatted != text)
            {
                if (checkOnly)
                {
                    output.WriteLine($"{file}: not formatted");
                    failed = true;
                }
                else
                {
                    try
                    {
                        File.WriteAllText(file, formatted);
                        output.WriteLine($"{file}: formatted");
                    }
                    catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                    {
                        error.WriteLine($"vae format: cannot write '{file}': {exception.Message}");
                        failed = true;
                    }
                }
            }
        }
        return failed ? 1 : 0;
    }
}
