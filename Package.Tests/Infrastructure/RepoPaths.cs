using System;
using System.IO;

namespace VaeDsl.Package.Tests.Infrastructure;

internal static class RepoPaths
{
    /// <summary>The repository root: the folder above the test binaries that holds Dsl.sln.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Dsl.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("Dsl.sln not found above " + AppContext.BaseDirectory);
    }
}
