using System.IO;

namespace VaeDsl.Runtime.Data;

/// <summary>A CSV file whose content cannot be read as a numeric table; the message names the file, line and column.</summary>
/// <remarks>Derives from <see cref="IOException"/>, like <see cref="IdxFormatException"/>, so one catch covers a missing file and a malformed one.</remarks>
public sealed class CsvFormatException : IOException
{
    /// <summary>Creates the exception; <paramref name="message"/> is the whole text shown to the user.</summary>
    public CsvFormatException(string filePath, int? line, string message)
        : base(message)
    {
        FilePath = filePath;
        Line = line;
    }

    /// <summary>The file (or other source name) at fault, as given to the reader.</summary>
    public string FilePath { get; }

    /// <summary>The 1-based line at fault, or null when the problem is the file as a whole.</summary>
    public int? Line { get; }
}
