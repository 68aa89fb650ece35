using System;
using System.IO;
using VaeDsl.Testing;

namespace VaeDsl.Cli.Tests;

/// <summary>Runs the built vae command (vae.dll beside the tests) in a folder, as a user's shell would.</summary>
internal static class Vae
{
    public static string Dll { get; } = Path.Combine(AppContext.BaseDirectory, "vae.dll");

    public static ProcessResult Run(string workingDirectory, params string[] arguments) =>
        ProcessRunner.Run("dotnet", [Dll, .. arguments], workingDirectory);
}
