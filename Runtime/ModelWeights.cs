using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace VaeDsl.Runtime;

/// <summary>
/// Saves and loads a model's weights (its parameters and buffers), for using a trained model later. The file lists
/// every tensor's name, element type and shape before the data and carries a checksum, so a truncated or damaged file,
/// or one from a model built with other hyper-parameters or from another model, is refused with one message naming
/// the file and the first difference, before anything is changed.
/// Checkpoints (<see cref="Training.TrainingOptions.CheckpointPath"/>) are for resuming training; these are for use.
/// </summary>
public static class ModelWeights
{
    private const int MaxEntries = 1_000_000;
    private const int MaxRank = 64;

    /// <summary>Writes the weights of <paramref name="model"/> to <paramref name="path"/> (atomically: a temporary
    /// file renamed into place).</summary>
    /// <exception cref="IOException">The file could not be written; the message names it.</exception>
    public static void Save(nn.Module model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        ChecksummedFile.Write(path, FileKind.Weights, writer => WriteSection(writer, model));
    }

    /// <summary>Reads weights written by <see cref="Save"/> into <paramref name="model"/>; the whole file is read and
    /// checked first, so on any error the model keeps the weights it had.</summary>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidFileException">The file is not a weights file, is truncated or damaged, or its tensors do
    /// not match the model's: the message names the file and the first difference.</exception>
    public static void Load(nn.Module model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var reader = ChecksummedFile.Read(path, FileKind.Weights);
        var apply = ReadSection(reader, path, FileKind.Weights, model);
        RequireEnd(reader, path, FileKind.Weights);
        apply();
    }

    /// <summary>Writes the model's tensor table (name, element type, shape of each) and its data.</summary>
    internal static void WriteSection(BinaryWriter writer, nn.Module model)
    {
        var state = model.state_dict();
        writer.Write(model.GetType().Name);
        writer.Write(state.Count);
        foreach (var (name, tensor) in state)
        {
            writer.Write(name);
            writer.Write((int)tensor.dtype);
            writer.Write(tensor.shape.Length);
            foreach (var size in tensor.shape)
            {
                writer.Write(size);
            }
        }

        using var data = new MemoryStream();
        using (var dataWriter = new BinaryWriter(data, Encoding.UTF8, leaveOpen: true))
        {
            SaveFromAnyDevice(model, dataWriter);
        }

        writer.Write(data.Length);
        writer.Write(data.GetBuffer().AsSpan(0, (int)data.Length));
    }

    /// <summary>
    /// Reads a section written by <see cref="WriteSection"/> and checks its table against <paramref name="model"/>;
    /// returns the action that loads the data into the model, for the caller to run once everything else is checked too.
    /// </summary>
    /// <exception cref="InvalidFileException">The section is damaged or does not fit the model.</exception>
    internal static Action ReadSection(BinaryReader reader, string path, FileKind kind, nn.Module model)
    {
        var (savedFrom, saved, data) = ReadEntries(reader, path, kind);
        RequireMatch(model, saved, $"'{path}' (saved from {savedFrom})", path);
        return () =>
        {
            using var dataReader = new BinaryReader(new MemoryStream(data, writable: false), Encoding.UTF8);
            using (no_grad())
            {
                LoadInPlace(model, dataReader);
            }
        };
    }

    /// <summary>
    /// Fails, naming the first difference, unless <paramref name="saved"/> lists exactly the tensors of
    /// <paramref name="model"/>'s state_dict with their shapes and element types; <paramref name="source"/> opens
    /// the message (the file, and the model it was saved from where the file says).
    /// </summary>
    /// <exception cref="InvalidFileException">A tensor is missing, extra, or of another shape or element type.</exception>
    internal static void RequireMatch(nn.Module model, IEnumerable<(string Name, ScalarType Type, long[] Shape)> saved, string source, string path)
    {
        var expected = model.state_dict().ToDictionary(entry => entry.Key, entry => (entry.Value.dtype, entry.Value.shape));
        var modelName = model.GetType().Name;
        var savedNames = new HashSet<string>();
        foreach (var (name, type, shape) in saved)
        {
            savedNames.Add(name);
            if (!expected.TryGetValue(name, out var own))
            {
                throw new InvalidFileException(path,
                    $"{source} has '{name}' {Format(shape)}, which {modelName} does not have: it holds another model's weights");
            }

            if (!own.shape.SequenceEqual(shape))
            {
                throw new InvalidFileException(path,
                    $"{source} has '{name}' {Format(shape)} but {modelName} has {Format(own.shape)}: the model was built with other hyper-parameters than the saved one");
            }

            if (own.dtype != type)
            {
                throw new InvalidFileException(path,
                    $"{source} has '{name}' of element type {type} but {modelName} has {own.dtype}: convert the model to {type} before loading");
            }
        }

        var missing = expected.Keys.FirstOrDefault(name => !savedNames.Contains(name));
        if (missing is not null)
        {
            throw new InvalidFileException(path, $"{source} has no '{missing}', which {modelName} has: it holds another model's weights");
        }
    }

    /// <summary>
    /// Reads the data <c>Module.save</c> wrote into the model's own tensors, each through a CPU copy, so the weights
    /// land on whatever device the model is on. TorchSharp's <c>Module.load</c> moves a model off the CPU to it and
    /// back, which makes new parameter objects: an optimiser holding the old ones would go on training tensors the
    /// model no longer has.
    /// </summary>
    private static void LoadInPlace(nn.Module model, BinaryReader reader)
    {
        var state = model.state_dict();
        var count = ReadLeb128(reader);
        for (long i = 0; i < count; i++)
        {
            var target = state[reader.ReadString()];
            using var onCpu = zeros(target.shape, dtype: target.dtype, device: CPU);
            onCpu.Load(reader);
            target.copy_(onCpu);
        }
    }

    /// <summary>Writes what <c>Module.save</c> writes, byte for byte, from CPU copies of the model's tensors, so a model
    /// on a GPU writes the same file as one on the CPU.</summary>
    internal static void SaveFromAnyDevice(nn.Module model, BinaryWriter writer)
    {
        var state = model.state_dict();
        WriteLeb128(writer, state.Count);
        foreach (var (name, tensor) in state)
        {
            writer.Write(name);
            using var onCpu = tensor.detach().cpu();
            onCpu.Save(writer);
        }
    }

    private static void WriteLeb128(BinaryWriter writer, long value)
    {
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            writer.Write(value == 0 ? b : (byte)(b | 0x80));
        }
        while (value != 0);
    }

    // The entry count's encoding in Module.save (unsigned LEB128); TorchSharp's own codec is internal.
    private static long ReadLeb128(BinaryReader reader)
    {
        long value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = reader.ReadByte();
            value |= (long)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return value;
        }

        throw new FormatException("an entry count runs over 64 bits");
    }

    /// <summary>Fails when the content goes on after what its reader read: the writer wrote something else.</summary>
    internal static void RequireEnd(BinaryReader reader, string path, FileKind kind)
    {
        var left = reader.BaseStream.Length - reader.BaseStream.Position;
        if (left != 0)
        {
            throw new InvalidFileException(path, $"{kind.Name} '{path}' is damaged: {left} bytes follow its last section.");
        }
    }

    private static (string SavedFrom, List<(string Name, ScalarType Type, long[] Shape)> Entries, byte[] Data) ReadEntries(BinaryReader reader, string path, FileKind kind)
    {
        // The checksum has passed, so these checks catch a writer's mistake or a file made by hand, not a damaged disk.
        InvalidFileException Damaged(string what) => new(path, $"{kind.Name} '{path}' is damaged: {what}.");
        try
        {
            var savedFrom = reader.ReadString();
            var count = reader.ReadInt32();
            if (count < 0 || count > MaxEntries)
            {
                throw Damaged($"it declares {count} tensors");
            }

            var entries = new List<(string, ScalarType, long[])>(count);
            for (var i = 0; i < count; i++)
            {
                var name = reader.ReadString();
                var type = (ScalarType)reader.ReadInt32();
                if (!Enum.IsDefined(type))
                {
                    throw Damaged($"it declares tensor '{name}' of unknown element type {(int)type}");
                }

                var rank = reader.ReadInt32();
                if (rank < 0 || rank > MaxRank)
                {
                    throw Damaged($"it declares tensor '{name}' of rank {rank}");
                }

                var shape = new long[rank];
                for (var d = 0; d < shape.Length; d++)
                {
                    shape[d] = reader.ReadInt64();
                    if (shape[d] < 0)
                    {
                        throw Damaged($"it declares tensor '{name}' with a dimension of size {shape[d]}");
                    }
                }

                entries.Add((name, type, shape));
            }

            var length = reader.ReadInt64();
            if (length < 0 || length > reader.BaseStream.Length - reader.BaseStream.Position)
            {
                throw Damaged($"its tensor data declares {length} bytes");
            }

            return (savedFrom, entries, reader.ReadBytes((int)length));
        }
        catch (Exception e) when (e is EndOfStreamException or FormatException)
        {
            throw new InvalidFileException(path, $"{kind.Name} '{path}' is damaged: its tensor table ends early.", e);
        }
    }

    private static string Format(IEnumerable<long> shape) => "[" + string.Join(", ", shape) + "]";
}
