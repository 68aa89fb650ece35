using System;
using System.IO;
using System.Linq;
using VaeDsl.Runtime.Tests.Training;
using Xunit;
using VaeDsl.Testing;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Tests;

public sealed class ModelWeightsTests : IDisposable
{
    private readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    private string PathOf(string name) => Path.Combine(folder.Path, name);

    [Fact]
    public void LoadedWeightsReproduceTheSavedModel()
    {
        Seeding.Set(1);
        using var trained = new TinyVae();
        Seeding.Set(2);
        using var fresh = new TinyVae();
        var x = TinyVae.SyntheticData(16, seed: 3).Inputs;
        Assert.False(trained.Reconstruct(x).allclose(fresh.Reconstruct(x)));

        trained.SaveWeights(PathOf("tiny.weights"));
        fresh.LoadWeights(PathOf("tiny.weights"));

        var before = trained.state_dict();
        foreach (var (name, tensor) in fresh.state_dict())
        {
            Assert.True(tensor.allclose(before[name], rtol: 0, atol: 0), name);
        }

        Assert.True(trained.Reconstruct(x).allclose(fresh.Reconstruct(x), rtol: 0, atol: 0));
        Assert.Equal(new[] { "tiny.weights" }, Directory.GetFiles(folder.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void AModelBuiltWithOtherSizesIsRefusedWithTheFirstDifferenceAndKeepsItsWeights()
    {
        using var saved = nn.Sequential(nn.Linear(4, 3));
        using var other = nn.Sequential(nn.Linear(4, 2));
        ModelWeights.Save(saved, PathOf("a.weights"));
        var weight = other.state_dict()["0.weight"].clone();

        var error = Assert.Throws<InvalidFileException>(() => ModelWeights.Load(other, PathOf("a.weights")));

        Assert.Equal(
            $"'{PathOf("a.weights")}' (saved from Sequential) has '0.weight' [3, 4] but Sequential has [2, 4]: the model was built with other hyper-parameters than the saved one",
            error.Message);
        Assert.True(other.state_dict()["0.weight"].allclose(weight, rtol: 0, atol: 0));
    }

    [Fact]
    public void AnotherModelsWeightsAreRefusedByName()
    {
        using var small = nn.Sequential(nn.Linear(4, 3));
        using var large = nn.Sequential(nn.Linear(4, 3), nn.Linear(3, 1));
        ModelWeights.Save(small, PathOf("small.weights"));
        ModelWeights.Save(large, PathOf("large.weights"));

        var missing = Assert.Throws<InvalidFileException>(() => ModelWeights.Load(large, PathOf("small.weights")));
        var extra = Assert.Throws<InvalidFileException>(() => ModelWeights.Load(small, PathOf("large.weights")));

        Assert.EndsWith("has no '1.weight', which Sequential has: it holds another model's weights", missing.Message);
        Assert.EndsWith("has '1.weight' [1, 3], which Sequential does not have: it holds another model's weights", extra.Message);
    }

    /// <summary>Saves a small model's weights, lets <paramref name="damage"/> change the file, loads it into another
    /// model and returns the message, checking that the model kept its own weights.</summary>
    private string RefusedAfter(Func<byte[], byte[]> damage)
    {
        using var saved = nn.Sequential(nn.Linear(4, 3), nn.Linear(3, 2));
        using var model = nn.Sequential(nn.Linear(4, 3), nn.Linear(3, 2));
        ModelWeights.Save(saved, PathOf("saved.weights"));
        var path = folder.Write("damaged.weights", damage(File.ReadAllBytes(PathOf("saved.weights"))));
        var before = model.state_dict().ToDictionary(e => e.Key, e => e.Value.clone());

        var error = Assert.Throws<InvalidFileException>(() => ModelWeights.Load(model, path));

        Assert.StartsWith($"weights file '{path}' is ", error.Message);
        foreach (var (name, tensor) in model.state_dict())
        {
            Assert.True(tensor.allclose(before[name], rtol: 0, atol: 0), name);
        }

        return error.Message;
    }

    [Fact]
    public void ATruncatedWeightsFileChangesNothingAndSaysItIsTruncated()
    {
        Assert.Contains("is truncated: it has", RefusedAfter(bytes => bytes[..(bytes.Length * 2 / 3)]));
    }

    [Fact]
    public void FlippedTensorBytesAreFoundByTheChecksum()
    {
        Assert.EndsWith("is damaged: its checksum does not match its content.", RefusedAfter(bytes =>
        {
            bytes[^40] ^= 0x40;
            return bytes;
        }));
    }

    [Fact]
    public void ADamagedNameTableIsCalledDamagedNotAnotherModel()
    {
        var message = RefusedAfter(bytes =>
        {
            var name = System.Text.Encoding.UTF8.GetBytes("1.weight");
            var at = bytes.AsSpan().IndexOf(name);
            bytes[at] = (byte)'7';
            return bytes;
        });
        Assert.EndsWith("is damaged: its checksum does not match its content.", message);
        Assert.DoesNotContain("another model", message);
    }

    [Fact]
    public void ACheckpointGivenAsWeightsIsCalledACheckpoint()
    {
        using var model = new TinyVae();
        var checkpoint = PathOf("run.ckpt");
        new Runtime.Training.Trainer(model, new Runtime.Training.TrainingOptions { Epochs = 1, BatchSize = 64, Threads = 1, CheckpointPath = checkpoint })
            .Fit(TinyVae.SyntheticData(64, seed: 1));

        var error = Assert.Throws<InvalidFileException>(() => model.LoadWeights(checkpoint));
        Assert.Equal($"'{checkpoint}' is a VaeDsl checkpoint, not a weights file.", error.Message);
    }

    [Fact]
    public void AWriteKilledBeforeItsRenameLeavesATemporaryThatTheNextWriteRemoves()
    {
        using var model = nn.Sequential(nn.Linear(4, 3));
        var target = PathOf("model.weights");
        // What a process killed inside a write leaves: our temporary name beside the file. Other .tmp files are not ours.
        var stale = folder.Write("model.weights.0123456789abcdef0123456789abcdef.tmp", new byte[100]);
        var foreign = folder.Write("model.weights.notes.tmp", new byte[1]);

        ModelWeights.Save(model, target);

        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(foreign));
        Assert.True(File.Exists(target));
    }

    [Fact]
    public void AFailedWriteNamesTheFileBeingWrittenNotItsTemporary()
    {
        var target = PathOf("model.weights");
        // The shape of .NET's message for a full disk (ENOSPC) on the temporary file.
        var error = Assert.Throws<IOException>(() => AtomicFile.Write(target, stream =>
            throw new IOException($"No space left on device : '{((FileStream)stream).Name}'")));

        Assert.Equal($"could not write '{target}': No space left on device", error.Message);
        Assert.Empty(Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void AFileThatIsNotWeightsIsRefusedWithItsPath()
    {
        folder.Write("notes.txt", System.Text.Encoding.UTF8.GetBytes("not weights at all"));
        folder.Write("empty.weights", Array.Empty<byte>());
        using var model = nn.Sequential(nn.Linear(4, 3));

        Assert.StartsWith($"'{PathOf("notes.txt")}' is not a VaeDsl weights file",
            Assert.Throws<InvalidFileException>(() => ModelWeights.Load(model, PathOf("notes.txt"))).Message);
        folder.Write("checkpoint-like.bin", new byte[] { 3, (byte)'a', (byte)'b', (byte)'c', 1, 0, 0, 0 });
        Assert.Equal($"'{PathOf("checkpoint-like.bin")}' is not a VaeDsl weights file.",
            Assert.Throws<InvalidFileException>(() => ModelWeights.Load(model, PathOf("checkpoint-like.bin"))).Message);
        Assert.StartsWith($"'{PathOf("empty.weights")}' is not a VaeDsl weights file (it is empty",
            Assert.Throws<InvalidFileException>(() => ModelWeights.Load(model, PathOf("empty.weights"))).Message);
        // A length prefix that is not a 7-bit encoded integer: BinaryReader's FormatException becomes the same message.
        folder.Write("garbage.bin", new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF });
        Assert.StartsWith($"'{PathOf("garbage.bin")}' is not a VaeDsl weights file (it is empty",
            Assert.Throws<InvalidFileException>(() => ModelWeights.Load(model, PathOf("garbage.bin"))).Message);
        Assert.Throws<FileNotFoundException>(() => ModelWeights.Load(model, PathOf("missing.weights")));
    }
}
