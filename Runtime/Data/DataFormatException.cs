using System;

namespace VaeDsl.Runtime.Data;

/// <summary>
/// A data file or folder (NumPy arrays, an image folder, a data folder's layout) that cannot be used as it is; the
/// message is one line naming the file or folder and the fix.
/// </summary>
public sealed class DataFormatException : InvalidFileException
{
    /// <summary>Creates the exception for <paramref name="path"/>; <paramref name="message"/> is the whole text shown to the user.</summary>
    public DataFormatException(string path, string message)
        : base(path, message)
    {
    }

    /// <summary>Creates the exception with the low-level cause kept, e.g. the decoder's or the archive's error.</summary>
    public DataFormatException(string path, string message, Exception innerException)
        : base(path, message, innerException)
    {
    }
}
