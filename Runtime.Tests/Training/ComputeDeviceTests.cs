using System;
using System.IO;
using System.Linq;
using TorchSharp;
using VaeDsl.Runtime.Data;
using VaeDsl.Runtime.Training;
using VaeDsl.Testing;
using Xunit;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Tests.Training;

/// <summary>The device setting: what it accepts, what <c>auto</c> takes and says, and the one line a missing GPU gives
/// (these machines have the CPU build of libtorch and no GPU). Batches and weights go to the model's device; the
/// <c>meta</c> device (shapes without data) stands in for a second device.</summary>
public sealed class ComputeDeviceTests : IDisposable
{
    private static readonly Device Meta = new("meta");
    private readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Theory]
    [InlineData("cpu", true)]
    [InlineData("cuda", true)]
    [InlineData("cuda:0", true)]
    [InlineData("cuda:15", true)]
    [InlineData("auto", true)]
    [InlineData("gpu", false)]
    [InlineData("CPU", false)]
    [InlineData("cuda:", false)]
    [InlineData("cuda:-1", false)]
    [InlineData("cuda:1x", false)]
    [InlineData("cpu:0", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void The_settings_are_cpu_cuda_cuda_with_an_index_and_auto(string? setting, bool valid) =>
        Assert.Equal(valid, ComputeDevice.IsValid(setting));

    [Fact]
    public void Cpu_is_the_cpu_and_says_nothing()
    {
        var log = new StringWriter();
        Assert.Equal(DeviceType.CPU, ComputeDevice.Resolve("cpu", log).type);
        Assert.Equal("", log.ToString());
    }

    [Fact]
    public void Auto_takes_the_cpu_without_a_gpu_and_says_so_in_one_line()
    {
        var log = new StringWriter();

        var device = ComputeDevice.Resolve("auto", log);

        Assert.Equal(DeviceType.CPU, device.type);
        var line = Assert.Single(log.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("device: auto took cpu (this program has the CPU build of libtorch", line);
    }

    [Theory]
    [InlineData("cuda")]
    [InlineData("cuda:1")]
    public void Cuda_without_a_cuda_build_of_libtorch_is_one_line_naming_the_package_to_install(string setting)
    {
        var error = Assert.Throws<DeviceUnavailableException>(() => ComputeDevice.Resolve(setting));

        Assert.Equal(setting, error.Device);
        Assert.Equal(
            $"device '{setting}' is not available: this program has the CPU build of libtorch; for an NVIDIA GPU replace the package " +
            "libtorch-cpu-linux-x64 with libtorch-cuda-12.8-linux-x64 (version 2.10.0; libtorch-cuda-12.8-win-x64 on Windows).",
            error.Message);
    }

    [Fact]
    public void Another_word_is_refused_with_the_settings()
    {
        var error = Assert.Throws<ArgumentException>(() => ComputeDevice.Resolve("gpu"));
        Assert.StartsWith("device 'gpu' is not one of cpu, cuda, cuda:N or auto", error.Message);
    }

    [Fact]
    public void A_trainer_on_a_missing_device_fails_before_moving_the_model()
    {
        using var model = new TinyVae();

        Assert.Throws<DeviceUnavailableException>(() => new Trainer(model, new TrainingOptions { Device = "cuda" }));
        var refused = Assert.Throws<ArgumentException>(() => new Trainer(model, new TrainingOptions { Device = "tpu" }));

        Assert.Contains("device must be one of cpu, cuda, cuda:N or auto but is 'tpu'", refused.Message);
        Assert.All(model.parameters(), p => Assert.Equal(DeviceType.CPU, p.device_type));
    }

    [Fact]
    public void A_batch_is_copied_to_the_device_it_is_asked_for_and_left_alone_on_its_own()
    {
        var data = new TensorDataSet(rand(10, 3), arange(10));
        var order = data.ShuffledOrder();

        var (x, y) = data.Batch(order, 2, 4, withLabels: true, Meta);
        var (same, _) = data.Batch(null, 0, 4, withLabels: false, CPU);

        Assert.Equal((DeviceType.META, DeviceType.META), (x.device_type, y!.device_type));
        Assert.Equal(new long[] { 4, 3 }, x.shape);
        Assert.Equal(DeviceType.CPU, same.device_type);
        Assert.Same(same, ComputeDevice.To(same, CPU));
    }

    [Fact]
    public void The_weights_data_is_what_TorchSharp_writes_byte_for_byte()
    {
        Seeding.Set(4);
        using var model = new TinyVae();
        using var ours = new MemoryStream();
        using var theirs = new MemoryStream();

        using (var writer = new BinaryWriter(ours, System.Text.Encoding.UTF8, leaveOpen: true)) ModelWeights.SaveFromAnyDevice(model, writer);
        using (var writer = new BinaryWriter(theirs, System.Text.Encoding.UTF8, leaveOpen: true)) model.save(writer);

        Assert.True(theirs.Length > 100);
        Assert.Equal(theirs.ToArray(), ours.ToArray());
    }

    [Fact]
    public void Weights_written_on_one_device_load_onto_the_model_s_device()
    {
        Seeding.Set(1);
        using var saved = new TinyVae();
        saved.SaveWeights(Path.Combine(folder.Path, "tiny.weights"));
        using var onMeta = new TinyVae();
        onMeta.to(Meta);
        var parameters = onMeta.parameters().ToList();

        onMeta.LoadWeights(Path.Combine(folder.Path, "tiny.weights"));

        // Loaded in place: the same parameter objects (an optimiser over them keeps training the model), still on meta.
        var after = onMeta.parameters().ToList();
        Assert.Equal(parameters.Count, after.Count);
        Assert.All(parameters.Zip(after), pair => Assert.Same(pair.First, pair.Second));
        Assert.All(onMeta.state_dict().Values, t => Assert.Equal(DeviceType.META, t.device_type));
        Assert.Equal(saved.state_dict().Keys.OrderBy(k => k), onMeta.state_dict().Keys.OrderBy(k => k));
    }
}
