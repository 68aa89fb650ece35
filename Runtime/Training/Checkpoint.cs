using System;
using System.IO;
using TorchSharp;
using TorchSharp.Modules;
using VaeDsl.Runtime.Images;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Training;

/// <summary>
/// Reads and writes a training checkpoint: a small header (format, completed epochs), the model weights, the
/// optimiser state and libtorch's generator state, written to a temporary file and renamed into place.
/// </summary>
internal static class Checkpoint
{
    private const string Magic = "VAEDSL-CHECKPOINT";
    private const int Version = 1;

    public static void Save(string path, nn.Module model, optim.Optimizer optimizer, int completedEpochs)
    {
        AtomicFile.Write(path, stream =>
        {
            using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            FileHeader.Write(writer, Magic, Version);
            writer.Write(completedEpochs);
            using var rng = torch.get_rng_state();
            var rngBytes = rng.data<byte>().ToArray();
            writer.Write(rngBytes.Length);
            writer.Write(rngBytes);
            model.save(writer);
            State(optimizer).save_state_dict(writer);
        });
    }

    // libtorch's optimisers all derive from OptimizerHelper, which carries the state (de)serialisation.
    private static OptimizerHelper State(optim.Optimizer optimizer) =>
        optimizer as OptimizerHelper ?? throw new NotSupportedException($"optimizer {optimizer.GetType().Name} cannot be checkpointed");

    /// <returns>The number of completed epochs stored in the checkpoint.</returns>
    public static int Load(string path, nn.Module model, optim.Optimizer optimizer)
    {
        using var reader = FileHeader.Open(path, Magic, Version, "checkpoint");
        var completedEpochs = reader.ReadInt32();
        var rngBytes = reader.ReadBytes(reader.ReadInt32());
        model.load(reader);
        State(optimizer).load_state_dict(reader);
        using var rng = tensor(rngBytes, dtype: ScalarType.Byte);
        torch.set_rng_state(rng);
        return completedEpochs;
    }
}
