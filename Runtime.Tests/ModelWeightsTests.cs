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

        var error = Assert.Throws<InvalidDataException>(() => ModelWeights.Load(other, PathOf("a.weights")));

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

        var missing = Assert.Throws<InvalidDataException>(() => ModelWeights.Load(large, PathOf("small.weights")));
        var extra = Assert.Throws<InvalidDataException>(() => ModelWeights.Load(small, PathOf("large.weights")));

        Assert.EndsWith("has no '1.weight', which Sequential has: it holds another model's weights", missing.Message);
        Assert.EndsWith("has '1.weight' [1, 3], which Sequential does not have: it holds another model's weights", extra.Message);
    }

    [Fact]
    public void AFileThatIsNotWeightsIsRefusedWithItsPath()
    {
        folder.Write("notes.txt", System.Text.Encoding.UTF8.GetBytes("not weights at all"));
        folder.Write("empty.weights", Array.Empty<byte>());
        using var model = nn.Sequential(nn.Linear(4, 3));

        Assert.StartsWith($"'{PathOf("notes.txt")}' is not a VaeDsl weights file",
            Assert.Throws<InvalidDataException>(() => ModelWeights.Load(model, PathOf("notes.txt"))).Message);
        folder.Write("checkpoint-like.bin", new byte[] { 3, (byte)'a', (byte)'b', (byte)'c', 1, 0, 0, 0 });
        Assert.Equal($"'{PathOf("checkpoint-like.bin")}' is not a VaeDsl weights file",
            Assert.Throws<InvalidDataException>(() => ModelWeights.Load(model, PathOf("checkpoint-like.bin"))).Message);
        Assert.StartsWith($"'{PathOf("empty.weights")}' is not a VaeDsl weights file (it is empty",
            Assert.Throws<InvalidDataException>(() => ModelWeights.Load(model, PathOf("empty.weights"))).Message);
        // A length prefix that is not a 7-bit encoded integer: BinaryReader's FormatException becomes the same message.
        folder.Write("garbage.bin", new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF });
        Assert.StartsWith($"'{PathOf("garbage.bin")}' is not a VaeDsl weights file (it is empty",
            Assert.Throws<InvalidDataException>(() => ModelWeights.Load(model, PathOf("garbage.bin"))).Message);
        Assert.Throws<FileNotFoundException>(() => ModelWeights.Load(model, PathOf("missing.weights")));
    }
}
