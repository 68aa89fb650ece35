using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using VaeDsl.Runtime.Training;
using VaeDsl.Testing;
using Xunit;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Tests.Training;

/// <summary>
/// A checkpoint that is empty, cut short, damaged, of another kind or of another model is refused by
/// <see cref="Trainer.Resume"/> with one message naming the file and the problem, before the model, the optimiser or
/// the trainer has changed; a damaged generator state never reaches libtorch (which would abort the process).
/// </summary>
public sealed class CheckpointFileTests : IDisposable
{
    private static readonly TrainingOptions Fast = new() { BatchSize = 64, Epochs = 2, LearningRate = 1e-2, Seed = 5, Threads = 1 };
    private readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    private string Path(string name) => System.IO.Path.Combine(folder.Path, name);

    /// <summary>A real checkpoint of a 2-epoch run, as bytes.</summary>
    private byte[] TrainedCheckpoint(int epochs = 2)
    {
        var path = Path("trained.ckpt");
        Seeding.Set(5);
        new Trainer(new TinyVae(), Fast with { Epochs = epochs, CheckpointPath = path }).Fit(TinyVae.SyntheticData(128, seed: 1));
        return File.ReadAllBytes(path);
    }

    /// <summary>Resumes a fresh trainer from <paramref name="content"/>, expects a refusal, and checks nothing changed.</summary>
    private string Refused(string name, byte[] content, TrainingOptions? options = null)
    {
        var path = folder.Write(name, content);
        Seeding.Set(11);
        using var model = new TinyVae();
        var before = model.state_dict().ToDictionary(e => e.Key, e => e.Value.clone());
        var trainer = new Trainer(model, options ?? Fast);
        var generator = GeneratorState.Current();

        var error = Assert.Throws<InvalidFileException>(() => trainer.Resume(path));

        Assert.Contains($"'{path}'", error.Message);
        Assert.Equal(path, error.FilePath);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Equal(0, trainer.CompletedEpochs);
        Assert.Empty(trainer.History);
        Assert.Equal(generator, GeneratorState.Current());
        foreach (var (key, tensor) in model.state_dict())
        {
            Assert.True(tensor.allclose(before[key], rtol: 0, atol: 0), key);
        }

        return error.Message;
    }

    [Fact]
    public void EmptyShortAndRandomFilesAreNotCheckpoints()
    {
        Assert.EndsWith("is not a VaeDsl checkpoint (it is empty, truncated or of another format).", Refused("empty.ckpt", Array.Empty<byte>()));
        Assert.EndsWith("is not a VaeDsl checkpoint.", Refused("ten.ckpt", new byte[10]));
        var random = new byte[4096];
        new Random(3).NextBytes(random);
        Assert.Contains("is not a VaeDsl checkpoint", Refused("random.ckpt", random));
    }

    [Fact]
    public void AWeightsFileGivenAsCheckpointIsCalledAWeightsFile()
    {
        using var model = new TinyVae();
        model.SaveWeights(Path("model.weights"));
        var message = Refused("model.ckpt", File.ReadAllBytes(Path("model.weights")));
        Assert.EndsWith("is a VaeDsl weights file, not a checkpoint.", message);
    }

    [Fact]
    public void ATruncatedCheckpointSaysSo()
    {
        var bytes = TrainedCheckpoint();
        Assert.Contains("is truncated", Refused("cut.ckpt", bytes[..(bytes.Length / 2)]));
        Assert.Contains("is truncated", Refused("cut-end.ckpt", bytes[..^1]));
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.5)]
    [InlineData(0.9)]
    public void FlippedBytesAnywhereAreFoundByTheChecksum(double where)
    {
        var bytes = TrainedCheckpoint();
        var start = (int)(where * (bytes.Length - 64));
        for (var i = start; i < start + 64; i++)
        {
            bytes[i] ^= 0x5A;
        }

        Assert.EndsWith("is damaged: its checksum does not match its content.", Refused("flipped.ckpt", bytes));
    }

    [Fact]
    public void AnotherModelsCheckpointNamesTheFirstDifference()
    {
        var path = Path("other.ckpt");
        using (var other = nn.Sequential(nn.Linear(8, 3)))
        {
            var optimizer = optim.Adam(other.parameters());
            Checkpoint.Save(path, other, optimizer, TrainerState.Fresh);
        }

        Assert.EndsWith("which TinyVae does not have: it holds another model's weights", Refused("other-model.ckpt", File.ReadAllBytes(path)));
    }

    [Theory]
    [InlineData(2L, "holds the training counters [check_counts (2)] but this model keeps []: it was written for another model; resume with that model, or delete the checkpoint to start over.")]
    [InlineData(-1L, "is damaged: its training counter 'check_counts' holds -1.")]
    public void TrainingCountersTheModelDoesNotKeepAreRefused(long value, string expected)
    {
        var path = Path("counters.ckpt");
        Seeding.Set(5);
        using (var model = new TinyVae())
        {
            var counters = new[] { new KeyValuePair<string, long[]>("check_counts", new[] { 1L, value }) };
            Checkpoint.Save(path, model, optim.Adam(model.parameters(), lr: 1e-2), TrainerState.Fresh, counters);
        }

        Assert.EndsWith(expected, Refused("counters-of-another.ckpt", File.ReadAllBytes(path)));
    }

    [Fact]
    public void ACheckpointOfAnotherOptimiserIsRefused()
    {
        var bytes = TrainedCheckpoint();
        var message = Refused("adam.ckpt", bytes, Fast with { Optimizer = OptimizerKind.Sgd });
        Assert.EndsWith("was written with the Adam optimiser but this run uses SGD: resume with the same optimiser, or delete the checkpoint to start over.", message);
    }

    [Fact]
    public void CompletedEpochsOutsideTheRunAreRefused()
    {
        Assert.Contains("records 2 completed epochs but this run has 1", Refused("longer.ckpt", TrainedCheckpoint(), Fast with { Epochs = 1 }));

        var path = Path("negative.ckpt");
        using (var model = new TinyVae())
        {
            Checkpoint.Save(path, model, optim.Adam(model.parameters(), lr: 1e-2), TrainerState.Fresh with { CompletedEpochs = -5 });
        }

        Assert.EndsWith("is damaged: it records -5 completed epochs.", Refused("negative-epochs.ckpt", File.ReadAllBytes(path)));
    }

    [Fact]
    public void ADamagedGeneratorStateIsRefusedBeforeLibtorchSeesIt()
    {
        var path = Path("generator.ckpt");
        using (var model = new TinyVae())
        {
            var optimizer = optim.Adam(model.parameters(), lr: 1e-2);
            Checkpoint.Save(path, model, optimizer, TrainerState.Fresh);
        }

        // The generator state is stored as it is; make its position field 0 and seal the file again with a valid checksum.
        var generator = GeneratorState.Current();
        byte[] content;
        using (var reader = ChecksummedFile.Read(path, FileKind.Checkpoint))
        {
            content = reader.ReadBytes((int)reader.BaseStream.Length);
        }

        var at = content.AsSpan().IndexOf(generator);
        Assert.True(at > 0);
        BitConverter.GetBytes(0).CopyTo(content, at + 8);
        ChecksummedFile.Write(path, FileKind.Checkpoint, writer => writer.Write(content));

        Assert.Contains("is damaged: its generator state is invalid (position 0", Refused("bad-generator.ckpt", File.ReadAllBytes(path)));
    }

    [Fact]
    public void TheGeneratorCheckAcceptsLibtorchsOwnStateAndRefusesOutOfRangeFields()
    {
        var state = GeneratorState.Current();
        Assert.Null(GeneratorState.Problem(state));

        Assert.Contains("has 10 bytes", GeneratorState.Problem(new byte[10]));
        foreach (var (offset, value) in new[] { (8, 0), (8, 625), (12, 0), (16, 625) })
        {
            var bad = (byte[])state.Clone();
            BitConverter.GetBytes(value).CopyTo(bad, offset);
            Assert.NotNull(GeneratorState.Problem(bad));
        }
    }

    [Fact]
    public void AResumedTrainerHoldsTheMetricsOfEveryEpochOfTheRun()
    {
        var path = Path("run.ckpt");
        var train = TinyVae.SyntheticData(128, seed: 1);
        Seeding.Set(5);
        var first = new Trainer(new TinyVae(), Fast with { Epochs = 3, CheckpointPath = path });
        first.Fit(train);

        var resumed = new Trainer(new TinyVae(), Fast with { Epochs = 5, CheckpointPath = path });
        resumed.Resume(path);
        Assert.Equal(first.History.Select(m => m.TrainLoss), resumed.History.Select(m => m.TrainLoss));
        Assert.Equal(first.History.Select(m => m.Seconds), resumed.History.Select(m => m.Seconds));
        var trained = resumed.Fit(train);

        Assert.Equal(new[] { 4, 5 }, trained.Select(m => m.Epoch));
        Assert.Equal(new[] { 1, 2, 3, 4, 5 }, resumed.History.Select(m => m.Epoch));
    }
}
