using System;
using System.IO;

namespace VaeDsl.Runtime;

/// <summary>
/// The start of VaeDsl's own binary files (training checkpoints, model weights): a magic string naming the kind of
/// file and a format version, so a wrong, truncated or newer file is refused with its path before anything is read.
/// </summary>
internal static class FileHeader
{
    public static void Write(BinaryWriter writer, string magic, int version)
    {
        writer.Write(magic);
        writer.Write(version);
    }

    /// <summary>Opens <paramref name="path"/> and reads past its checked header; <paramref name="kind"/> names the
    /// file in messages ("checkpoint", "weights file").</summary>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The file is not of this kind or has another format version.</exception>
    public static BinaryReader Open(string path, string magic, int version, string kind)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{kind} '{path}' does not exist", path);
        }

        var reader = new BinaryReader(File.OpenRead(path));
        try
        {
            string found;
            int foundVersion;
            try
            {
                found = reader.ReadString();
                foundVersion = found == magic ? reader.ReadInt32() : 0;
            }
            catch (Exception e) when (e is EndOfStreamException or IOException or FormatException)
            {
                throw new InvalidDataException($"'{path}' is not a VaeDsl {kind} (it is empty, truncated or of another format)", e);
            }

            if (found != magic)
            {
                throw new InvalidDataException($"'{path}' is not a VaeDsl {kind}");
            }

            if (foundVersion != version)
            {
                throw new InvalidDataException($"{kind} '{path}' has format version {foundVersion}; this library reads version {version}");
            }

            return reader;
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }
}
