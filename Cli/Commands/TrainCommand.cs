using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using VaeDsl.Cli.Training;
using VaeDsl.Runtime.Runs;

namespace VaeDsl.Cli.Commands;

/// <summary>
/// <c>vae train FILE [--model M] --data DIR [OPTION VALUE]...</c>: trains a model of a .vae file without a C# project.
/// The real generator emits the model, Roslyn compiles it in memory, and the example programs' run
/// (<see cref="TrainingRun"/>) trains it with the same options, epoch lines, metrics and pictures.
/// </summary>
internal static class TrainCommand
{
    public const string Name = "train";

    /// <summary>The command as the root's help lists it. Its arguments are the example programs' options, which
    /// <see cref="RunCommandLine"/> parses, so Program hands every <c>vae train</c> to <see cref="Run"/> itself.</summary>
    public static Command Create()
    {
        var arguments = new Argument<string[]>("FILE [--model M] --data DIR [OPTION VALUE]") { Arity = ArgumentArity.ZeroOrMore };
        var command = new Command(Name, "Train a model of a .vae file on a data folder and write its metrics, weights and pictures (vae train --help lists the options).") { arguments };
        command.SetAction(result => Run(result.GetValue(arguments) ?? []));
        return command;
    }

    /// <summary>The options: the example programs' (<see cref="RunUsage"/>) with <c>--data</c> required, and <c>--model</c>.
    /// Built when asked, so that the other commands never load the Runtime.</summary>
    public static RunUsage Usage => new("vae train FILE",
        "generates the model of a .vae file, compiles it in memory and trains it on --data as the example programs do, writing metrics.*, model.weights and the pictures to --out.")
    {
        DataDirectory = null,
        DataFiles = RunUsage.DataFolderFiles,
        Epochs = "train.epochs of the .vae file",
        Seed = "train.seed of the .vae file",
        Extras =
        [
            new("--model", "M", "the file's only model", "the model to train, for a file that declares several"),
            new("--reference", "DLL", "none", "the assembly that defines the file's custom layer types (several separated by ':'), compiled against and loaded"),
        ],
    };

    /// <summary>Runs <c>vae train</c> with the arguments after <c>train</c>; returns the exit code: 0, 1 for an error in
    /// the file, the data or training, 2 for a mistake on the command line.</summary>
    public static int Run(string[] args)
    {
        // Options take a value each and follow the file, so a help option stands where an option name does.
        var options = args.Length > 0 && !args[0].StartsWith('-') ? args[1..] : args;
        if (RunCommandLine.AsksForHelp(options))
        {
            Console.Out.Write(Usage.Help());
            return 0;
        }
        if (args.Length == 0 || args[0].StartsWith('-'))
        {
            Console.Error.WriteLine($"error: give the .vae file first. {Usage.Short}");
            return 2;
        }

        var path = args[0];
        var usage = Usage;
        var built = GeneratedModels.Load(path, Console.Error, References(options));
        if (built is null) return 1;

        return TrainingRun.Run(options, usage, commandLine =>
            Choose(built, path, commandLine.Extras.GetValueOrDefault("--model"))
                .Create(commandLine.Epochs, commandLine.Seed, commandLine.OutputDirectory));
    }

    /// <summary>The assemblies given with <c>--reference</c>: the file is generated and compiled before the other options
    /// are read, since the generator checks custom layers against them.</summary>
    internal static IReadOnlyList<string> References(string[] options)
    {
        var at = Array.LastIndexOf(options, "--reference");
        return at >= 0 && at + 1 < options.Length
            ? options[at + 1].Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            : [];
    }

    /// <summary>The model named <paramref name="name"/>, or the file's only one.</summary>
    /// <exception cref="FormatException">No model has that name, or the file has several and none was named.</exception>
    internal static GeneratedModel Choose(GeneratedModels built, string path, string? name)
    {
        var names = string.Join(", ", built.Models.Select(m => m.Name));
        if (name is not null)
        {
            return built.Models.FirstOrDefault(m => m.Name == name)
                ?? throw new FormatException($"option '--model': '{path}' has no model '{name}'; its models are {names}.");
        }
        if (built.Models.Count > 1)
        {
            throw new FormatException($"'{path}' declares the models {names}: choose one with --model.");
        }
        return built.Models[0];
    }
}
