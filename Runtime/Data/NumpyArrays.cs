using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NumSharp;
using NumSharp.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Data;

/// <summary>
/// Reads NumPy arrays as data-set tensors: a <c>.npy</c> file, or an entry of a <c>.npz</c> archive (a zip of
/// <c>.npy</c> files, as <c>numpy.savez</c> writes). The format is parsed by NumSharp; this class turns its arrays
/// into tensors and its errors into one line naming the file and the fix.
/// </summary>
public static class NumpyArrays
{
    private const string InputTypes = "float32, float64 or uint8";

    /// <summary>
    /// The examples of the array file <paramref name="path"/> as float32 [N, ...]: float32 as it is, float64 rounded
    /// to float32, uint8 divided by 255 (pixels to 0..1, as the IDX reader does).
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">The file is not a complete .npy file, its element type is not one of
    /// float32, float64 or uint8, it holds no examples, or a value is NaN or infinite.</exception>
    public static Tensor ReadInputs(string path)
    {
        using var array = Load(path);
        return Inputs(array, $"'{path}'", path);
    }

    /// <summary>The labels of the array file <paramref name="path"/> as int64 [N]: one non-negative whole number (a class) per example.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">The file is not a complete .npy file, or not one integer per example, or a label is negative.</exception>
    public static Tensor ReadLabels(string path)
    {
        using var array = Load(path);
        return Labels(array, $"'{path}'", path);
    }

    /// <summary>
    /// The arrays <paramref name="inputsEntry"/> (the examples, as <see cref="ReadInputs"/>) and, when the archive
    /// has it, <paramref name="labelsEntry"/> (as <see cref="ReadLabels"/>) of the <c>.npz</c> archive <paramref name="path"/>.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">The file is not a complete .npz archive, it has no entry <paramref name="inputsEntry"/>, or an entry is not usable.</exception>
    public static (Tensor Inputs, Tensor? Labels) ReadArchive(string path, string inputsEntry = "x", string labelsEntry = "y")
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentException.ThrowIfNullOrEmpty(inputsEntry);
        ArgumentException.ThrowIfNullOrEmpty(labelsEntry);
        ThrowIfMissing(path);
        try
        {
            using var archive = np.load_npz(path);
            var names = archive.Keys.ToArray();
            if (!names.Contains(inputsEntry))
            {
                throw new DataFormatException(path,
                    $"'{path}' has no array '{inputsEntry}' (it has {Describe(names)}); save the examples under that name, e.g. numpy.savez('{Path.GetFileName(path)}', {inputsEntry}=images, {labelsEntry}=labels).");
            }

            Tensor inputs;
            using (var array = archive[inputsEntry])
            {
                inputs = Inputs(array, $"'{path}' entry '{inputsEntry}'", path);
            }

            if (!names.Contains(labelsEntry))
            {
                return (inputs, null);
            }

            using (var array = archive[labelsEntry])
            {
                var labels = Labels(array, $"'{path}' entry '{labelsEntry}'", path);
                CheckCount(inputs, labels, $"'{path}' entry '{labelsEntry}'", $"entry '{inputsEntry}'", path);
                return (inputs, labels);
            }
        }
        catch (Exception e) when (IsFormatError(e))
        {
            throw new DataFormatException(path,
                $"'{path}' is not a complete NumPy .npz archive ({OneLine(e.Message)}); write it again with numpy.savez.", e);
        }
    }

    /// <summary>Refuses labels whose count differs from the examples'; <paramref name="labelsName"/> and <paramref name="inputsName"/> name the two sources.</summary>
    /// <exception cref="DataFormatException">The counts differ.</exception>
    public static void CheckCount(Tensor inputs, Tensor labels, string labelsName, string inputsName, string path)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.shape[0] != inputs.shape[0])
        {
            throw new DataFormatException(path,
                $"{labelsName} holds {labels.shape[0]} labels but {inputsName} holds {inputs.shape[0]} examples; give one label per example, in the same order.");
        }
    }

    private static NDArray Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ThrowIfMissing(path);
        try
        {
            return np.load_npy(path);
        }
        catch (Exception e) when (IsFormatError(e))
        {
            throw new DataFormatException(path,
                $"'{path}' is not a complete NumPy .npy file ({OneLine(e.Message)}); write it again with numpy.save.", e);
        }
    }

    private static void ThrowIfMissing(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"NumPy file '{path}' does not exist.", path);
        }
    }

    private static Tensor Inputs(NDArray array, string name, string path)
    {
        var shape = Shape(array, name, path);
        var tensor = array.typecode switch
        {
            NPTypeCode.Single => torch.tensor(array.ToArray<float>(), shape),
            NPTypeCode.Double => torch.tensor(array.ToArray<double>(), shape).to_type(ScalarType.Float32),
            NPTypeCode.Byte => torch.tensor(array.ToArray<byte>(), shape).to_type(ScalarType.Float32).div_(255f),
            _ => throw new DataFormatException(path,
                $"{name} holds {TypeName(array.typecode)} values; examples must be {InputTypes}: convert them, e.g. images.astype(numpy.float32)."),
        };
        var finite = tensor.isfinite().all().item<bool>();
        if (!finite)
        {
            var first = tensor.isfinite().logical_not().flatten().nonzero()[0].item<long>();
            var perExample = shape.Skip(1).Aggregate(1L, (a, b) => a * b);
            tensor.Dispose();
            throw new DataFormatException(path,
                $"{name} has a NaN or infinite value in example {first / perExample}; remove or repair that example before training.");
        }

        return tensor;
    }

    private static Tensor Labels(NDArray array, string name, string path)
    {
        var shape = Shape(array, name, path);
        if (shape.Length != 1)
        {
            throw new DataFormatException(path,
                $"{name} has shape ({string.Join(", ", shape)}) but labels must be one whole number per example, shape (N,); flatten it, e.g. labels.reshape(-1).");
        }

        long[] values = array.typecode switch
        {
            NPTypeCode.Byte => array.ToArray<byte>().Select(v => (long)v).ToArray(),
            NPTypeCode.SByte => array.ToArray<sbyte>().Select(v => (long)v).ToArray(),
            NPTypeCode.Int16 => array.ToArray<short>().Select(v => (long)v).ToArray(),
            NPTypeCode.UInt16 => array.ToArray<ushort>().Select(v => (long)v).ToArray(),
            NPTypeCode.Int32 => array.ToArray<int>().Select(v => (long)v).ToArray(),
            NPTypeCode.UInt32 => array.ToArray<uint>().Select(v => (long)v).ToArray(),
            NPTypeCode.Int64 => array.ToArray<long>(),
            _ => throw new DataFormatException(path,
                $"{name} holds {TypeName(array.typecode)} values; labels must be whole numbers (int64, int32, uint8, …): convert them, e.g. labels.astype(numpy.int64)."),
        };
        var negative = Array.FindIndex(values, v => v < 0);
        if (negative >= 0)
        {
            throw new DataFormatException(path,
                $"{name} has label {values[negative]} at index {negative}; labels must be classes numbered from 0.");
        }

        return torch.tensor(values, shape);
    }

    private static long[] Shape(NDArray array, string name, string path)
    {
        var shape = array.shape.Select(d => (long)d).ToArray();
        if (shape.Length == 0 || shape[0] == 0)
        {
            throw new DataFormatException(path,
                $"{name} holds {(shape.Length == 0 ? "a single number" : "no examples")}; it must hold the examples along its first axis, shape (N, …) with N > 0.");
        }

        return shape;
    }

    // NumSharp reports a malformed file by FormatException or EndOfStreamException, a broken zip by InvalidDataException,
    // and a data type it cannot hold (object arrays, structured types) by NotSupportedException.
    private static bool IsFormatError(Exception e) =>
        e is FormatException or EndOfStreamException or InvalidDataException or NotSupportedException;

    private static string TypeName(NPTypeCode code) => code switch
    {
        NPTypeCode.Boolean => "bool",
        NPTypeCode.SByte => "int8",
        NPTypeCode.Byte => "uint8",
        NPTypeCode.Int16 => "int16",
        NPTypeCode.UInt16 => "uint16",
        NPTypeCode.Int32 => "int32",
        NPTypeCode.UInt32 => "uint32",
        NPTypeCode.Int64 => "int64",
        NPTypeCode.UInt64 => "uint64",
        NPTypeCode.Half => "float16",
        NPTypeCode.Single => "float32",
        NPTypeCode.Double => "float64",
        NPTypeCode.Complex => "complex",
        _ => code.ToString().ToLowerInvariant(),
    };

    private static string Describe(IReadOnlyCollection<string> names) =>
        names.Count == 0 ? "no arrays" : string.Join(", ", names.Select(n => $"'{n}'"));

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").TrimEnd('.', ' ');
}
