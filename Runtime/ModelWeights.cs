using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using VaeDsl.Runtime.Images;
using static TorchSharp.torch;

namespace VaeDsl.Runtime;

/// <summary>
/// Saves and loads a model's weights (its parameters and buffers), for using a trained model later. The file lists
/// every tensor's name and shape before the data, so loading into a model built with other hyper-parameters, or
/// into another model, fails with one message naming the first tensor that differs, before anything is changed.
/// Checkpoints (<see cref="Training.TrainingOptions.CheckpointPath"/>) are for resuming training; these are for use.
/// </summary>
public static class ModelWeights
{
    private const string Magic = "VAEDSL-WEIGHTS";
    private const int Version = 1;
    private const int MaxEntries = 1_000_000;
    private const int MaxRank = 64;

    /// <summary>Writes the weights of <paramref name="model"/> to <paramref name="path"/> (atomically: a temporary
    /// file renamed into place).</summary>
    public static void Save(nn.Module model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var state = model.state_dict();
        AtomicFile.Write(path, stream =>
        {
            using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            FileHeader.Write(writer, Magic, Version);
            writer.Write(model.GetType().Name);
            writer.Write(state.Count);
            foreach (var (name, tensor) in state)
            {
                writer.Write(name);
                writer.Write(tensor.shape.Length);
                foreach (var size in tensor.shape)
                {
                    writer.Write(size);
                }
            }

            model.save(writer);
        });
    }

    /// <summary>Reads weights written by <see cref="Save"/> into <paramref name="model"/>.</summary>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The file is not a weights file, or its tensors do not match the
    /// model's: the message names the first difference.</exception>
    public static void Load(nn.Module model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var reader = FileHeader.Open(path, Magic, Version, "weights file");
        var (savedFrom, saved) = ReadEntries(reader, path);
        var expected = model.state_dict().ToDictionary(entry => entry.Key, entry => entry.Value.shape);
        var modelName = model.GetType().Name;
        foreach (var (name, shape) in saved)
        {
            if (!expected.TryGetValue(name, out var own))
            {
                throw new InvalidDataException(
                    $"'{path}' (saved from {savedFrom}) has '{name}' {Format(shape)}, which {modelName} does not have: it holds another model's weights");
            }

            if (!own.SequenceEqual(shape))
            {
                throw new InvalidDataException(
                    $"'{path}' (saved from {savedFrom}) has '{name}' {Format(shape)} but {modelName} has {Format(own)}: the model was built with other hyper-parameters than the saved one");
            }
        }

        var missing = expected.Keys.FirstOrDefault(name => !saved.Any(s => s.Name == name));
        if (missing is not null)
        {
            throw new InvalidDataException($"'{path}' (saved from {savedFrom}) has no '{missing}', which {modelName} has: it holds another model's weights");
        }

        using (no_grad())
        {
            model.load(reader);
        }
    }

    private static (string SavedFrom, List<(string Name, long[] Shape)> Entries) ReadEntries(BinaryReader reader, string path)
    {
        try
        {
            var savedFrom = reader.ReadString();
            var count = reader.ReadInt32();
            if (count < 0 || count > MaxEntries)
            {
                throw new InvalidDataException($"weights file '{path}' declares {count} tensors: it is damaged");
            }

            var entries = new List<(string, long[])>(count);
            for (var i = 0; i < count; i++)
            {
                var name = reader.ReadString();
                var rank = reader.ReadInt32();
                if (rank < 0 || rank > MaxRank)
                {
                    throw new InvalidDataException($"weights file '{path}' declares a tensor '{name}' of rank {rank}: it is damaged");
                }

                var shape = new long[rank];
                for (var d = 0; d < shape.Length; d++)
                {
                    shape[d] = reader.ReadInt64();
                }

                entries.Add((name, shape));
            }

            return (savedFrom, entries);
        }
        catch (Exception e) when (e is EndOfStreamException or FormatException)
        {
            throw new InvalidDataException($"weights file '{path}' is truncated or damaged", e);
        }
    }

    private static string Format(IEnumerable<long> shape) => "[" + string.Join(", ", shape) + "]";
}
