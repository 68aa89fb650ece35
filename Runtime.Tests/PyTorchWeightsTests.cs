using System;
using System.IO;
using System.Linq;
using System.Text;
using TorchSharp;
using VaeDsl.Runtime.Tests.Training;
using VaeDsl.Testing;
using Xunit;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Tests;

/// <summary>Weights in safetensors and PyTorch state_dict files: the same tensors back, bit for bit, and the same
/// refusal of a file that does not fit as the native weights file.</summary>
public sealed class PyTorchWeightsTests : IDisposable
{
    private readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    private string PathOf(string name) => Path.Combine(folder.Path, name);

    [Theory]
    [InlineData("tiny.safetensors")]
    [InlineData("tiny.pt")]
    public void LoadedWeightsReproduceTheSavedModel(string file)
    {
        Seeding.Set(1);
        using var trained = new TinyVae();
        Seeding.Set(2);
        using var fresh = new TinyVae();
        var x = TinyVae.SyntheticData(16, seed: 3).Inputs;
        Assert.False(trained.Reconstruct(x).allclose(fresh.Reconstruct(x)));

        trained.SaveWeights(PathOf(file));
        fresh.LoadWeights(PathOf(file));

        var before = trained.state_dict();
        foreach (var (name, tensor) in fresh.state_dict())
        {
            Assert.True(tensor.allclose(before[name], rtol: 0, atol: 0), name);
        }

        Assert.True(trained.Reconstruct(x).allclose(fresh.Reconstruct(x), rtol: 0, atol: 0));
        Assert.Equal(new[] { file }, Directory.GetFiles(folder.Path).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("norm.safetensors")]
    [InlineData("norm.pth")]
    public void BuffersTravelWithTheParametersWithTheirElementTypes(string file)
    {
        using var saved = nn.Sequential(nn.Linear(4, 3), nn.BatchNorm1d(3));
        saved.train();
        saved.forward(randn(8, 4));
        using var loaded = nn.Sequential(nn.Linear(4, 3), nn.BatchNorm1d(3));

        PyTorchWeights.Save(saved, PathOf(file));
        PyTorchWeights.Load(loaded, PathOf(file));

        var state = loaded.state_dict();
        Assert.Equal(ScalarType.Int64, state["1.num_batches_tracked"].dtype);
        Assert.Equal(1L, state["1.num_batches_tracked"].item<long>());
        Assert.True(state["1.running_mean"].allclose(saved.state_dict()["1.running_mean"], rtol: 0, atol: 0));
    }

    [Theory]
    [InlineData("a.safetensors")]
    [InlineData("a.pt")]
    public void AModelBuiltWithOtherSizesIsRefusedWithTheFirstDifferenceAndKeepsItsWeights(string file)
    {
        using var saved = nn.Sequential(nn.Linear(4, 3));
        using var other = nn.Sequential(nn.Linear(4, 2));
        PyTorchWeights.Save(saved, PathOf(file));
        var weight = other.state_dict()["0.weight"].clone();

        var error = Assert.Throws<InvalidFileException>(() => PyTorchWeights.Load(other, PathOf(file)));

        Assert.Equal(
            $"'{PathOf(file)}' has '0.weight' [3, 4] but Sequential has [2, 4]: the model was built with other hyper-parameters than the saved one",
            error.Message);
        Assert.True(other.state_dict()["0.weight"].allclose(weight, rtol: 0, atol: 0));
    }

    [Fact]
    public void AnotherModelsWeightsAreRefusedByName()
    {
        using var small = nn.Sequential(nn.Linear(4, 3));
        using var large = nn.Sequential(nn.Linear(4, 3), nn.Linear(3, 1));
        PyTorchWeights.Save(small, PathOf("small.safetensors"));
        PyTorchWeights.Save(large, PathOf("large.safetensors"));

        var missing = Assert.Throws<InvalidFileException>(() => PyTorchWeights.Load(large, PathOf("small.safetensors")));
        var extra = Assert.Throws<InvalidFileException>(() => PyTorchWeights.Load(small, PathOf("large.safetensors")));

        Assert.EndsWith("has no '1.weight', which Sequential has: it holds another model's weights", missing.Message);
        Assert.EndsWith("has '1.bias' [1], which Sequential does not have: it holds another model's weights", extra.Message);
    }

    [Fact]
    public void AnElementTypeOtherThanTheModelsIsRefused()
    {
        using var saved = nn.Sequential(nn.Linear(4, 3));
        saved.to(ScalarType.Float64);
        using var model = nn.Sequential(nn.Linear(4, 3));
        PyTorchWeights.Save(saved, PathOf("double.safetensors"));

        var error = Assert.Throws<InvalidFileException>(() => PyTorchWeights.Load(model, PathOf("double.safetensors")));

        Assert.EndsWith("has '0.weight' of element type Float64 but Sequential has Float32: convert the model to Float64 before loading", error.Message);
    }

    [Theory]
    [InlineData("text.safetensors", "a safetensors file")]
    [InlineData("text.pt", "a PyTorch state_dict")]
    public void AFileOfAnotherFormatIsRefusedAsSuch(string file, string expected)
    {
        using var model = nn.Sequential(nn.Linear(4, 3));
        var weight = model.state_dict()["0.weight"].clone();
        var path = folder.Write(file, Encoding.UTF8.GetBytes("not weights at all"));

        var error = Assert.Throws<InvalidFileException>(() => PyTorchWeights.Load(model, path));

        Assert.StartsWith($"'{path}' is not {expected}", error.Message);
        Assert.True(model.state_dict()["0.weight"].allclose(weight, rtol: 0, atol: 0));
    }

    [Fact]
    public void AMissingFileIsNotFound()
    {
        using var model = nn.Sequential(nn.Linear(4, 3));

        Assert.Throws<FileNotFoundException>(() => PyTorchWeights.Load(model, PathOf("absent.safetensors")));
    }

    [Theory]
    [InlineData("m.safetensors", PyTorchWeights.Format.Safetensors)]
    [InlineData("m.PT", PyTorchWeights.Format.StateDict)]
    [InlineData("m.pth", PyTorchWeights.Format.StateDict)]
    [InlineData("m.weights", PyTorchWeights.Format.Native)]
    public void TheExtensionNamesTheFormat(string file, PyTorchWeights.Format format) =>
        Assert.Equal(format, PyTorchWeights.FormatOf(file));
}
