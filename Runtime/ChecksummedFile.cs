using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace VaeDsl.Runtime;

/// <summary>
/// VaeDsl's own binary files (checkpoints, weights): the kind's magic string and format version, the content's length,
/// the content, and the SHA-256 of the content. A reader gets the content only after the whole file was read and its
/// length and checksum verified, so a truncated, damaged or foreign file is refused with its path before any of it is
/// used; the content's own fields are then checked by the reader of each kind.
/// </summary>
internal static class ChecksummedFile
{
    private const int HashLength = 32;

    /// <summary>Writes <paramref name="content"/> as a file of <paramref name="kind"/>, atomically.</summary>
    public static void Write(string path, FileKind kind, Action<BinaryWriter> content)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            content(writer);
        }

        var body = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        var hash = SHA256.HashData(body.Span);
        AtomicFile.Write(path, stream =>
        {
            using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            writer.Write(kind.Magic);
            writer.Write(kind.Version);
            writer.Write((long)body.Length);
            writer.Write(body.Span);
            writer.Write(hash);
        });
    }

    /// <summary>Reads and verifies the file at <paramref name="path"/>, and returns a reader over its content.</summary>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidFileException">The file is a directory, not of this kind, of another format version,
    /// truncated, or damaged.</exception>
    public static BinaryReader Read(string path, FileKind kind)
    {
        FileChecks.RequireFile(path, kind.Name);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new InvalidFileException(path, $"{kind.Name} '{path}' cannot be read: permission denied.", e);
        }

        using var header = new BinaryReader(new MemoryStream(bytes, writable: false));
        string magic;
        int version;
        long length;
        try
        {
            magic = header.ReadString();
            if (magic != kind.Magic)
            {
                throw NotThisKind(path, kind, magic);
            }

            version = header.ReadInt32();
            if (version != kind.Version)
            {
                throw new InvalidFileException(path,
                    $"{kind.Name} '{path}' has format version {version}; this library reads version {kind.Version} (write it again with this version).");
            }

            length = header.ReadInt64();
        }
        catch (Exception e) when (e is EndOfStreamException or FormatException)
        {
            throw new InvalidFileException(path, $"'{path}' is not a VaeDsl {kind.Name} (it is empty, truncated or of another format).", e);
        }

        var start = header.BaseStream.Position;
        var available = bytes.Length - start - HashLength;
        if (length < 0 || available > length)
        {
            throw new InvalidFileException(path, $"{kind.Name} '{path}' is damaged: its header declares {length} bytes of content but it holds {Math.Max(0, available)}.");
        }

        if (available < length)
        {
            throw new InvalidFileException(path,
                $"{kind.Name} '{path}' is truncated: it has {bytes.Length} bytes but needs {start + length + HashLength} (was it copied or written incompletely?).");
        }

        var body = bytes.AsSpan((int)start, (int)length);
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(bytes.AsSpan((int)(start + length), HashLength)))
        {
            throw new InvalidFileException(path, $"{kind.Name} '{path}' is damaged: its checksum does not match its content.");
        }

        return new BinaryReader(new MemoryStream(bytes, (int)start, (int)length, writable: false), Encoding.UTF8);
    }

    private static InvalidFileException NotThisKind(string path, FileKind kind, string magic) =>
        FileKind.All.FirstOrDefault(other => other.Magic == magic) is { } other
            ? new InvalidFileException(path, $"'{path}' is a VaeDsl {other.Name}, not a {kind.Name}.")
            : new InvalidFileException(path, $"'{path}' is not a VaeDsl {kind.Name}.");
}
