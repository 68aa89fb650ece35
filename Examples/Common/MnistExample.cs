using System;
using System.IO;
using VaeDsl.Runtime.Runs;

namespace VaeDsl.Examples;

/// <summary>What the MNIST examples share on the command line: the digits shipped beside each program and its usage.</summary>
public static class MnistExample
{
    /// <summary>The shipped MNIST folder beside the example's executable, the default of <c>--data</c>.</summary>
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "data", "mnist");

    /// <summary>The usage of an MNIST example: data and defaults that every MNIST example shares.</summary>
    public static RunUsage Usage(string program, string summary, int epochs, long seed, string vaeFile) => new(program, summary)
    {
        DataDirectory = Folder,
        DataFiles = RunUsage.DataFolderFiles,
        Invocation = $"dotnet run -c Release --project Examples/{program} --",
        Epochs = $"{epochs}, from {vaeFile}",
        Seed = $"{seed}, from {vaeFile}",
    };
}
