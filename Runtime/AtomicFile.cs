using System;
using System.IO;
using System.Linq;

namespace VaeDsl.Runtime;

/// <summary>Writes a file through a temporary sibling and a rename, so readers never see a half-written file.</summary>
internal static class AtomicFile
{
    private const string TemporarySuffix = ".tmp";
    private const int GuidLength = 32;

    public static void WriteAllBytes(string path, byte[] bytes) => Write(path, stream => stream.Write(bytes));

    /// <summary>
    /// Writes <paramref name="path"/> through <paramref name="write"/> into a temporary file beside it, flushes it to
    /// the disk, renames it over the target and flushes the folder, so a reader never sees a half-written file and a
    /// crash or a power loss leaves the old one in place. Temporaries that an earlier, killed write of the same file
    /// left behind are removed first.
    /// </summary>
    /// <exception cref="IOException">The file could not be written (a full disk, no permission); the message names
    /// <paramref name="path"/>, not the temporary file.</exception>
    public static void Write(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        RemoveStaleTemporaries(full);
        var temporary = full + "." + Guid.NewGuid().ToString("N") + TemporarySuffix;
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                WriteSteps.Reached("written " + full);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
            DirectoryFlush.Flush(directory);
            WriteSteps.Reached("renamed " + full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException && e is not InvalidFileException)
        {
            throw new IOException($"could not write '{path}': {WithoutTemporary(e.Message, temporary, full)}", e);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    // Only names of the form <file>.<32 hex digits>.tmp are ours; anything else beside the file is left alone.
    private static void RemoveStaleTemporaries(string full)
    {
        var prefix = Path.GetFileName(full) + ".";
        foreach (var candidate in Directory.EnumerateFiles(Path.GetDirectoryName(full)!, "*" + TemporarySuffix))
        {
            var name = Path.GetFileName(candidate);
            if (name.Length == prefix.Length + GuidLength + TemporarySuffix.Length
                && name.StartsWith(prefix, StringComparison.Ordinal)
                && name.AsSpan(prefix.Length, GuidLength).ToArray().All(Uri.IsHexDigit))
            {
                try
                {
                    File.Delete(candidate);
                }
                catch (IOException)
                {
                    // Another process may be writing it right now; it removes its own temporary when done.
                }
            }
        }
    }

    // .NET's messages end in " : '<path>'"; the user knows the file being written, not our temporary name.
    private static string WithoutTemporary(string message, string temporary, string full) =>
        message.Replace($" : '{temporary}'", string.Empty, StringComparison.Ordinal).Replace(temporary, full, StringComparison.Ordinal);
}
