using System;
using System.CommandLine;
using VaeDsl.LanguageServer;

namespace VaeDsl.Cli.Commands;

/// <summary><c>vae lsp</c>: the language server on stdin and stdout; its log goes to stderr.</summary>
internal static class LspCommand
{
    public static Command Create()
    {
        var command = new Command("lsp", "Run the .vae language server on stdin/stdout (LSP 3.17).");
        command.SetAction(async (_, cancellationToken) =>
        {
            return await VaeLanguageServer.RunAsync(Console.OpenStandardInput(), Console.OpenStandardOutput(), Console.Error, cancellationToken);
        });
        return command;
    }
}
