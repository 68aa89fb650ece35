using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Training;

/// <summary>
/// The device setting of a run (<see cref="TrainingOptions.Device"/>, <c>device:</c> in a .vae file, <c>--device</c>):
/// <c>cpu</c>, <c>cuda</c> (the first GPU), <c>cuda:N</c> (GPU N) or <c>auto</c> (<c>cuda</c> when libtorch has a
/// CUDA device, else <c>cpu</c>), turned into a TorchSharp device after checking that it is there, so a missing GPU is
/// one line naming what to install rather than a native error at the first tensor.
/// </summary>
public static class ComputeDevice
{
    /// <summary>The settings, as a message lists them.</summary>
    public const string Choices = "cpu, cuda, cuda:N or auto";

    /// <summary>The CUDA build of libtorch for Linux, the package that replaces <c>libtorch-cpu-linux-x64</c> (README, "Train on a GPU").</summary>
    public const string CudaPackage = "libtorch-cuda-12.8-linux-x64";

    /// <summary>Whether <paramref name="setting"/> is one of <see cref="Choices"/> (whether or not that device is there).</summary>
    public static bool IsValid(string? setting) => Parse(setting, out _, out _);

    /// <summary>
    /// The device <paramref name="setting"/> names. <c>auto</c> writes which device it took to <paramref name="log"/>
    /// (one line); the others are checked silently.
    /// </summary>
    /// <exception cref="ArgumentException">The setting is not one of <see cref="Choices"/>.</exception>
    /// <exception cref="DeviceUnavailableException">The setting names a CUDA device that this process cannot use; the
    /// message says what to install or which devices there are.</exception>
    public static Device Resolve(string setting, TextWriter? log = null)
    {
        if (!Parse(setting, out var cuda, out var index))
        {
            throw new ArgumentException($"device '{setting}' is not one of {Choices}", nameof(setting));
        }

        if (setting == "auto")
        {
            var available = CudaAvailable();
            var chosen = available ? new Device(DeviceType.CUDA, 0) : CPU;
            log?.WriteLine(available
                ? $"device: auto took cuda:0 ({DeviceCount()} CUDA device(s))"
                : $"device: auto took cpu ({WhyNoCuda()})");
            return chosen;
        }

        if (!cuda)
        {
            return CPU;
        }

        if (!CudaAvailable())
        {
            throw new DeviceUnavailableException(setting, $"device '{setting}' is not available: {WhyNoCuda()}.");
        }

        var count = DeviceCount();
        if (index >= count)
        {
            throw new DeviceUnavailableException(setting,
                $"device '{setting}' is not available: libtorch sees {count} CUDA device(s), cuda:0 to cuda:{count - 1}.");
        }

        return new Device(DeviceType.CUDA, index);
    }

    /// <summary>The setting that names <paramref name="device"/> exactly: <c>cpu</c> or <c>cuda:N</c>.</summary>
    public static string Name(Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        return device.type == DeviceType.CUDA ? $"cuda:{Math.Max(0, device.index)}" : "cpu";
    }

    /// <summary>Whether tensors should be copied to <paramref name="device"/> from pinned (page-locked) host memory:
    /// only for a CUDA device, the one kind where pinning makes host-to-device copies asynchronous.</summary>
    public static bool PinsHostMemory(Device device) => device.type == DeviceType.CUDA;

    /// <summary>
    /// <paramref name="tensor"/> on <paramref name="device"/>: itself when it is there already, else a copy, made from
    /// pinned host memory (<see cref="PinsHostMemory"/>) and without waiting for it when the copy goes from the CPU to
    /// a CUDA device.
    /// </summary>
    public static Tensor To(Tensor tensor, Device device)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ArgumentNullException.ThrowIfNull(device);
        if (tensor.device_type == device.type && (device.index < 0 || tensor.device_index == device.index))
        {
            return tensor;
        }

        return PinsHostMemory(device) && tensor.device_type == DeviceType.CPU
            ? tensor.pin_memory().to(device, non_blocking: true)
            : tensor.to(device);
    }

    private static bool Parse(string? setting, out bool cuda, out int index)
    {
        cuda = false;
        index = 0;
        switch (setting)
        {
            case "cpu" or "auto":
                return true;
            case "cuda":
                cuda = true;
                return true;
            case { } text when text.StartsWith("cuda:", StringComparison.Ordinal):
                cuda = true;
                var digits = text.Substring("cuda:".Length);
                return digits.Length is > 0 and <= 9 && digits.All(char.IsAsciiDigit)
                    && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out index);
            default:
                return false;
        }
    }

    // TorchSharp loads its CUDA backend on this call and answers false (not a native crash) when there is none.
    private static bool CudaAvailable() => cuda.is_available();

    private static int DeviceCount() => cuda.device_count();

    /// <summary>Why there is no CUDA device: no CUDA build of libtorch beside the program, or one that finds no GPU.</summary>
    private static string WhyNoCuda()
    {
        var library = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "torch_cuda.dll" : "libtorch_cuda.so";
        var root = AppContext.BaseDirectory;
        var rid = RuntimeInformation.RuntimeIdentifier;
        var hasCudaBuild = File.Exists(Path.Combine(root, library))
            || File.Exists(Path.Combine(root, "runtimes", rid, "native", library))
            || File.Exists(Path.Combine(root, "cuda", library));
        return hasCudaBuild
            ? "the CUDA build of libtorch is installed but finds no GPU (check the NVIDIA driver with nvidia-smi)"
            : $"this program has the CPU build of libtorch; for an NVIDIA GPU replace the package libtorch-cpu-linux-x64 with {CudaPackage} (version 2.10.0; libtorch-cuda-12.8-win-x64 on Windows)";
    }
}
