namespace VaeDsl.Runtime.Data
{
    /// <summary>An IDX file (or a set of MNIST files) whose content cannot be read; the message names the file and the problem.</summary>
    public sealed class IdxFormatException : InvalidFileException
    {
        /// <summary>Creates the exception for <paramref name="filePath"/>; <paramref name="message"/> is the whole text shown to the user.</summary>
        public IdxFormatException(string filePath, string message)
            : base(filePath, message)
        {
        }

        /// <summary>Creates the exception with the low-level cause kept, e.g. a gzip decoding error.</summary>
        public IdxFormatException(string filePath, string message, System.Exception innerException)
            : base(filePath, message, innerException)
        {
        }
    }
}
