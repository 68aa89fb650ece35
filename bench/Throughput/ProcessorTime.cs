using System.Diagnostics;

namespace VaeDsl.Bench.Throughput;

/// <summary>
/// Processor seconds used so far by this process. On a machine shared with other jobs it varies much less than
/// wall-clock time, because time spent waiting for a core is not counted.
/// </summary>
internal static class ProcessorTime
{
    public static double Seconds()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalSeconds;
    }
}
