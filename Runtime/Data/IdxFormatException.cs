using System.IO;

namespace VaeDsl.Runtime.Data
{
    /// <summary>An IDX file (or a set of MNIST files) whose content cannot be read; the message names the file and the problem.</summary>
    /// <remarks>
    /// Derives from <see cref="IOException"/> (InvalidDataException is sealed), so one catch of IOException
    /// covers a missing file (FileNotFoundException) and a malformed one.
    /// </remarks>
    public sealed class IdxFormatException : IOException
    {
        /// <summary>Creates the exception for <paramref name="filePath"/>; <paramref name="message"/> is the whole text shown to the user.</summary>
        public IdxFormatException(string filePath, string message)
            : base(message)
        {
            FilePath = filePath;
        }

        /// <summary>Creates the exception with the low-level cause kept, e.g. a gzip decoding error.</summary>
        public IdxFormatException(string filePath, string message, System.Exception innerException)
            : base(message, innerException)
        {
            FilePath = filePath;
        }

        /// <summary>The file at fault, as given to the reader.</summary>
        public string FilePath { get; }
    }
}
