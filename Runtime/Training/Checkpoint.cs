using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Training;

/// <summary>
/// Reads and writes a training checkpoint: the model's weights (with their table of names and shapes), the optimiser's
/// kind and state, libtorch's generator state, the <see cref="TrainerState"/> and the model's training counters
/// (<see cref="VaeModule.TrainingCounters"/>), in a checksummed file written to a
/// temporary file and renamed into place. Reading checks all of it before anything is loaded.
/// </summary>
internal static class Checkpoint
{
    public static void Save(string path, nn.Module model, optim.Optimizer optimizer, TrainerState state, IReadOnlyList<KeyValuePair<string, long[]>>? counters = null)
    {
        counters ??= Array.Empty<KeyValuePair<string, long[]>>();
        var optimizerState = Bytes(writer => State(optimizer).save_state_dict(writer));
        var generator = GeneratorState.Current();
        ChecksummedFile.Write(path, FileKind.Checkpoint, writer =>
        {
            ModelWeights.WriteSection(writer, model);
            writer.Write(optimizer.GetType().Name);
            writer.Write(optimizerState.Length);
            writer.Write(optimizerState);
            writer.Write(generator.Length);
            writer.Write(generator);
            state.Write(writer);
            writer.Write(counters.Count);
            foreach (var (name, values) in counters)
            {
                writer.Write(name);
                writer.Write(values.Length);
                foreach (var value in values)
                {
                    writer.Write(value);
                }
            }
        });
    }

    /// <summary>A checkpoint read and checked against a model and optimiser, not yet loaded into them.</summary>
    public sealed class Verified
    {
        private readonly Action loadModel;
        private readonly optim.Optimizer optimizer;
        private readonly byte[] optimizerState;
        private readonly byte[] generator;
        private readonly Device device;

        internal Verified(Action loadModel, optim.Optimizer optimizer, byte[] optimizerState, byte[] generator, TrainerState state,
            IReadOnlyList<KeyValuePair<string, long[]>> counters, Device device)
        {
            Counters = counters;
            this.device = device;
            this.loadModel = loadModel;
            this.optimizer = optimizer;
            this.optimizerState = optimizerState;
            this.generator = generator;
            State = state;
        }

        public TrainerState State { get; }

        /// <summary>The model's training counters, checked against the names and lengths the model has.</summary>
        public IReadOnlyList<KeyValuePair<string, long[]>> Counters { get; }

        /// <summary>Loads the weights, the optimiser state and the generator state.</summary>
        public void Apply()
        {
            loadModel();
            LoadOptimizer(optimizer, optimizerState, device);
            GeneratorState.Restore(generator);
        }
    }

    /// <summary>
    /// Reads the checkpoint at <paramref name="path"/> and checks every part of it: the file's checksum, the model's
    /// tensor table against <paramref name="model"/>, the optimiser's kind and state (loaded first into
    /// <paramref name="trialOptimizer"/>, an optimiser of the same settings over copies of the parameters), the generator
    /// state, the trainer state and the model's training counters against <paramref name="counters"/> (the model's own:
    /// the same names, in order, of the same lengths).
    /// </summary>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidFileException">The file is not a checkpoint, is truncated or damaged, or does not fit
    /// the model or the optimiser; the message names the file and the problem.</exception>
    public static Verified Read(string path, nn.Module model, optim.Optimizer optimizer, Func<IReadOnlyList<Parameter>, optim.Optimizer> trialOptimizer,
        IReadOnlyList<KeyValuePair<string, long[]>> counters)
    {
        using var reader = ChecksummedFile.Read(path, FileKind.Checkpoint);
        InvalidFileException Damaged(string what) => new(path, $"checkpoint '{path}' is damaged: {what}.");
        try
        {
            var loadModel = ModelWeights.ReadSection(reader, path, FileKind.Checkpoint, model);
            var kind = reader.ReadString();
            if (kind != optimizer.GetType().Name)
            {
                throw new InvalidFileException(path,
                    $"checkpoint '{path}' was written with the {kind} optimiser but this run uses {optimizer.GetType().Name}: resume with the same optimiser, or delete the checkpoint to start over.");
            }

            var optimizerState = ReadBlob(reader, "optimiser state", Damaged);
            var generator = ReadBlob(reader, "generator state", Damaged);
            if (GeneratorState.Problem(generator) is { } problem)
            {
                throw Damaged(problem);
            }

            var state = TrainerState.Read(reader, Damaged);
            var savedCounters = ReadCounters(reader, path, counters, Damaged);
            ModelWeights.RequireEnd(reader, path, FileKind.Checkpoint);
            var device = DeviceOf(model);
            TryOptimizerState(path, model, trialOptimizer, optimizerState, device);
            return new Verified(loadModel, optimizer, optimizerState, generator, state, savedCounters, device);
        }
        catch (Exception e) when (e is EndOfStreamException or FormatException)
        {
            throw Damaged("it ends inside a section");
        }
    }

    // libtorch's optimisers all derive from OptimizerHelper, which carries the state (de)serialisation.
    private static OptimizerHelper State(optim.Optimizer optimizer) =>
        optimizer as OptimizerHelper ?? throw new NotSupportedException($"optimizer {optimizer.GetType().Name} cannot be checkpointed");

    private static Device DeviceOf(nn.Module model) => model.parameters().FirstOrDefault()?.device ?? CPU;

    /// <summary>Loads the optimiser's state onto the parameters' <paramref name="device"/>, wherever it was written.
    /// TorchSharp reads state into the tensors the optimiser holds, which live beside its parameters, but creates the
    /// ones it has not made yet (SGD's momentum buffers before the first step) on the default device: that is the
    /// parameters' device while it reads.</summary>
    private static void LoadOptimizer(optim.Optimizer optimizer, byte[] state, Device device)
    {
        using var reader = new BinaryReader(new MemoryStream(state, writable: false), Encoding.UTF8);
        var defaultDevice = get_default_device();
        set_default_device(device);
        try
        {
            State(optimizer).load_state_dict(reader);
        }
        finally
        {
            set_default_device(defaultDevice);
        }
    }

    // The optimiser's own reader is libtorch's and trusts its input, so it first reads into a throw-away optimiser.
    private static void TryOptimizerState(string path, nn.Module model, Func<IReadOnlyList<Parameter>, optim.Optimizer> trialOptimizer, byte[] state, Device device)
    {
        using var scope = NewDisposeScope();
        var copies = model.parameters().Select(p => new Parameter(p.detach().clone())).ToList();
        var trial = trialOptimizer(copies);
        try
        {
            LoadOptimizer(trial, state, device);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidFileException(path, $"checkpoint '{path}' is damaged: its optimiser state cannot be read ({e.Message}).", e);
        }
        finally
        {
            trial.Dispose();
        }
    }

    // The counters must be those the model keeps: the same names in order, of the same lengths, none negative.
    private static IReadOnlyList<KeyValuePair<string, long[]>> ReadCounters(BinaryReader reader, string path, IReadOnlyList<KeyValuePair<string, long[]>> expected, Func<string, Exception> damaged)
    {
        var count = reader.ReadInt32();
        if (count < 0 || count > 10_000)
        {
            throw damaged($"it declares {count} training counters");
        }

        var counters = new List<KeyValuePair<string, long[]>>(count);
        for (var i = 0; i < count; i++)
        {
            var name = reader.ReadString();
            var length = reader.ReadInt32();
            if (length < 0 || (long)length * sizeof(long) > reader.BaseStream.Length - reader.BaseStream.Position)
            {
                throw damaged($"its training counter '{name}' declares {length} values");
            }

            var values = new long[length];
            for (var j = 0; j < length; j++)
            {
                values[j] = reader.ReadInt64();
                if (values[j] < 0)
                {
                    throw damaged($"its training counter '{name}' holds {values[j]}");
                }
            }

            counters.Add(new(name, values));
        }

        string Layout(IEnumerable<KeyValuePair<string, long[]>> list) => "[" + string.Join(", ", list.Select(c => $"{c.Key} ({c.Value.Length})")) + "]";
        if (counters.Count != expected.Count || counters.Zip(expected, (a, b) => a.Key != b.Key || a.Value.Length != b.Value.Length).Any(differs => differs))
        {
            throw new InvalidFileException(path,
                $"checkpoint '{path}' holds the training counters {Layout(counters)} but this model keeps {Layout(expected)}: it was written for another model; resume with that model, or delete the checkpoint to start over.");
        }

        return counters;
    }

    private static byte[] ReadBlob(BinaryReader reader, string what, Func<string, Exception> damaged)
    {
        var length = reader.ReadInt32();
        if (length < 0 || length > reader.BaseStream.Length - reader.BaseStream.Position)
        {
            throw damaged($"its {what} declares {length} bytes");
        }

        return reader.ReadBytes(length);
    }

    private static byte[] Bytes(Action<BinaryWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            write(writer);
        }

        return buffer.ToArray();
    }
}
