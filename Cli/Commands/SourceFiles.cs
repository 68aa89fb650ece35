using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace VaeDsl.Cli.Commands;

/// <summary>The files a command reads: files as given, folders searched for *.vae below them.</summary>
internal static class SourceFiles
{
    /// <summary>Reads a .vae file as every command does: a file the system cannot read (a lock, a permission, the disk)
    /// is one line, <c>{command}: cannot read 'FILE': reason</c>, on <paramref name="error"/>, and the result is null.</summary>
    public static string? Read(string path, string command, TextWriter error)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"{command}: cannot read '{path}': {exception.Message}");
            return null;
        }
    }

    /// <summary>The files in a stable order, or the first path that is neither a file nor a folder.</summary>
    public static (IReadOnlyList<string> Files, string? Missing) Expand(IEnumerable<string> paths)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (File.Exists(path)) files.Add(path);
            else if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path, "*.vae", SearchOption.AllDirectories)
                    .Where(f => !IsBuildOutput(f))
                    .OrderBy(f => f, StringComparer.Ordinal));
            }
            else return (files, path);
        }
        return (files, null);
    }

    // Copies of models in bin/ and obj/ would report every problem twice.
    private static bool IsBuildOutput(string file) =>
        file.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).Any(part => part is "bin" or "obj");
}
