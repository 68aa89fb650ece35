using System.CommandLine;
using VaeDsl.Cli.Commands;

// vae train takes the example programs' options, which their own parser reads (see TrainCommand.Create).
if (args is [TrainCommand.Name, .. var trainArguments]) return TrainCommand.Run(trainArguments);

var root = new RootCommand("The vae command: check .vae files, show their shapes, format them, train a model, export it to PyTorch, evaluate weights, serve editors.");
root.Subcommands.Add(CheckCommand.Create());
root.Subcommands.Add(ShapesCommand.Create());
root.Subcommands.Add(FormatCommand.Create());
root.Subcommands.Add(TrainCommand.Create());
root.Subcommands.Add(LspCommand.Create());
root.Subcommands.Add(ExportCommand.Create());
root.Subcommands.Add(EvalCommand.Create());
return await root.Parse(args).InvokeAsync();
