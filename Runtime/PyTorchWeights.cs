using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace VaeDsl.Runtime;

/// <summary>
/// A model's weights in the two formats PyTorch users share them in, written and read through TorchSharp.PyBridge:
/// safetensors (<c>.safetensors</c>) and a pickled PyTorch <c>state_dict</c> (<c>.pt</c>, <c>.pth</c>; what
/// <c>torch.save(model.state_dict(), path)</c> writes and <c>torch.load</c> reads). The keys are the model's
/// <c>state_dict</c> keys, which the exported PyTorch twin shares. As with <see cref="ModelWeights"/>, a file that does
/// not fit the model is refused naming the first tensor that differs, before anything is changed.
/// </summary>
public static class PyTorchWeights
{
    /// <summary>The file formats, told apart by the file's extension.</summary>
    public enum Format
    {
        /// <summary><see cref="ModelWeights"/>' own checksummed format (<c>.weights</c> and any other extension).</summary>
        Native,

        /// <summary>safetensors (<c>.safetensors</c>).</summary>
        Safetensors,

        /// <summary>A pickled PyTorch state_dict (<c>.pt</c>, <c>.pth</c>).</summary>
        StateDict,
    }

    /// <summary>The format a path's extension names.</summary>
    public static Format FormatOf(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".safetensors" => Format.Safetensors,
            ".pt" or ".pth" => Format.StateDict,
            _ => Format.Native,
        };
    }

    /// <summary>Writes the weights of <paramref name="model"/> to <paramref name="path"/> in the format of its
    /// extension (atomically: a temporary file renamed into place).</summary>
    /// <exception cref="IOException">The file could not be written; the message names it.</exception>
    public static void Save(nn.Module model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        var format = FormatOf(path);
        if (format == Format.Native)
        {
            ModelWeights.Save(model, path);
            return;
        }

        using var scope = NewDisposeScope();
        var state = model.state_dict().ToDictionary(entry => entry.Key, entry => entry.Value.detach().cpu().contiguous());
        AtomicFile.Write(path, stream =>
        {
            if (format == Format.Safetensors)
            {
                Safetensors.SaveStateDict(stream, state, leaveOpen: true);
            }
            else
            {
                PyTorchPickler.PickleStateDict(stream, state, leaveOpen: true);
            }
        });
    }

    /// <summary>Reads weights in the format of <paramref name="path"/>'s extension into <paramref name="model"/>; the
    /// whole file is read and checked first, so on any error the model keeps the weights it had.</summary>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidFileException">The file is not in the format its extension names, or its tensors do not
    /// match the model's: the message names the file and the first difference.</exception>
    public static void Load(nn.Module model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        var format = FormatOf(path);
        if (format == Format.Native)
        {
            ModelWeights.Load(model, path);
            return;
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"there is no weights file '{path}'", path);
        }

        using var scope = NewDisposeScope();
        var saved = Read(path, format);
        // Neither format keeps the model's order (a pickled dict comes back as a hash table), so the first difference
        // is looked for in the model's order, then among the names the model lacks.
        var order = model.state_dict().Keys.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i);
        var entries = saved
            .OrderBy(entry => order.TryGetValue(entry.Key, out var i) ? i : int.MaxValue)
            .ThenBy(entry => entry.Key, StringComparer.Ordinal)
            .Select(entry => (entry.Key, entry.Value.dtype, entry.Value.shape));
        ModelWeights.RequireMatch(model, entries, $"'{path}'", path);
        using (no_grad())
        {
            foreach (var (name, tensor) in model.state_dict())
            {
                tensor.copy_(saved[name]);
            }
        }
    }

    private static Dictionary<string, Tensor> Read(string path, Format format)
    {
        var what = format == Format.Safetensors ? "a safetensors file" : "a PyTorch state_dict (torch.save of model.state_dict())";
        try
        {
            using var stream = File.OpenRead(path);
            if (format == Format.Safetensors)
            {
                return Safetensors.LoadStateDict(stream, leaveOpen: false);
            }

            var table = PyTorchUnpickler.UnpickleStateDict(stream, leaveOpen: false);
            var entries = new Dictionary<string, Tensor>();
            foreach (DictionaryEntry entry in table)
            {
                if (entry.Key is not string name || entry.Value is not Tensor tensor)
                {
                    throw new InvalidFileException(path, $"'{path}' is not {what}: it holds an entry '{entry.Key}' that is not a named tensor");
                }

                entries[name] = tensor;
            }

            return entries;
        }
        catch (Exception e) when (e is not (InvalidFileException or FileNotFoundException or UnauthorizedAccessException or OutOfMemoryException))
        {
            // The library reports a file of another format in its own terms (a JSON or zip error); say what was expected.
            throw new InvalidFileException(path, $"'{path}' is not {what}, or it is damaged: {e.Message}", e);
        }
    }
}
