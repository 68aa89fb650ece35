using System.CommandLine;
using VaeDsl.Cli.Commands;

var root = new RootCommand("The vae command: check .vae files, show their shapes, format them, serve editors.");
root.Subcommands.Add(CheckCommand.Create());
root.Subcommands.Add(ShapesCommand.Create());
root.Subcommands.Add(FormatCommand.Create());
root.Subcommands.Add(LspCommand.Create());
return await root.Parse(args).InvokeAsync();
