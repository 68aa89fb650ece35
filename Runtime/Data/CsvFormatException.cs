namespace VaeDsl.Runtime.Data;

/// <summary>A CSV file whose content cannot be read as a numeric table; the message names the file, line and column.</summary>
public sealed class CsvFormatException : InvalidFileException
{
    /// <summary>Creates the exception; <paramref name="message"/> is the whole text shown to the user.</summary>
    public CsvFormatException(string filePath, int? line, string message)
        : base(filePath, message)
    {
        Line = line;
    }

    /// <summary>The 1-based line at fault, or null when the problem is the file as a whole.</summary>
    public int? Line { get; }
}
