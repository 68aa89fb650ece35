using System;
using System.Runtime.InteropServices;

namespace VaeDsl.Runtime.Training;

/// <summary>
/// Gives native memory that is no longer used back between epochs. Two things make a long run's resident memory grow
/// although no tensor outlives its step: native objects that TorchSharp frees only in finalizers (for example the
/// scalars created implicitly by <c>tensor * 0.5</c>), which wait for a garbage collection the small managed heap of
/// a training loop almost never triggers; and glibc's malloc, which keeps freed blocks of libtorch's large
/// activations mapped. Measured in bench/README.md ("Memory"): 20 epochs of MnistConv grew by half without this.
/// </summary>
internal static class NativeHeap
{
    private static bool trimUnavailable;

    /// <summary>Runs pending finalizers, then asks glibc to return free heap pages to the system (Linux only).</summary>
    public static void Release()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        if (!OperatingSystem.IsLinux() || trimUnavailable)
        {
            return;
        }

        try
        {
            MallocTrim(0);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc (for example musl): nothing to trim with, and nothing to fix.
            trimUnavailable = true;
        }
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
}
