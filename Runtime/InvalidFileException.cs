using System;
using System.IO;

namespace VaeDsl.Runtime;

/// <summary>
/// A file that cannot be used for what it was given: empty, truncated, damaged, of another kind, a directory, or
/// written for another model. The message is one line that names the file and what is wrong with it, fit to show
/// the user as it is; every reader of the Runtime (data sets, checkpoints, weights) reports its files this way.
/// </summary>
/// <remarks>Derives from <see cref="IOException"/>, so one catch covers a missing file (<see cref="FileNotFoundException"/>)
/// and an unusable one.</remarks>
public class InvalidFileException : IOException
{
    /// <summary>Creates the exception for <paramref name="filePath"/>; <paramref name="message"/> is the whole text shown to the user.</summary>
    public InvalidFileException(string filePath, string message)
        : base(message)
    {
        FilePath = filePath;
    }

    /// <summary>Creates the exception with the low-level cause kept (a decoding error, an I/O error).</summary>
    public InvalidFileException(string filePath, string message, Exception innerException)
        : base(message, innerException)
    {
        FilePath = filePath;
    }

    /// <summary>The file at fault, as given to the reader.</summary>
    public string FilePath { get; }
}
