using System;
using System.IO;

namespace VaeDsl.Testing;

/// <summary>The repository a test runs from: the folder above the test binaries that holds Dsl.sln. Linked into
/// every test project by Directory.Build.targets, so tests read the shipped models and data in place.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    /// <summary>A path below the repository root.</summary>
    public static string File(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (System.IO.File.Exists(System.IO.Path.Combine(folder.FullName, "Dsl.sln"))) return folder.FullName;
        }
        throw new InvalidOperationException($"No folder above '{AppContext.BaseDirectory}' contains Dsl.sln.");
    }
}
