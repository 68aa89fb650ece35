using System.IO;

namespace VaeDsl.Runtime;

/// <summary>The checks every reader makes before it opens a file, so a wrong path gets the same clear message everywhere.</summary>
internal static class FileChecks
{
    /// <summary>Fails unless <paramref name="path"/> is an existing file; <paramref name="kind"/> names what it should be
    /// ("CSV file", "checkpoint").</summary>
    /// <exception cref="FileNotFoundException">Nothing exists at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidFileException">A directory is there instead of a file.</exception>
    public static void RequireFile(string path, string kind)
    {
        if (File.Exists(path))
        {
            return;
        }

        if (Directory.Exists(path))
        {
            throw new InvalidFileException(path, $"{kind} '{path}' is a directory, not a file.");
        }

        throw new FileNotFoundException($"{kind} '{path}' does not exist.", path);
    }
}
