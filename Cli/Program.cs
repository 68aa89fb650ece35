using System.CommandLine;
using VaeDsl.Cli.Commands;

var root = new RootCommand("The vae command: check .vae files, show their shapes, serve editors.");
root.Subcommands.Add(CheckCommand.Create());
root.Subcommands.Add(ShapesCommand.Create());
root.Subcommands.Add(LspCommand.Create());
return await root.Parse(args).InvokeAsync();
