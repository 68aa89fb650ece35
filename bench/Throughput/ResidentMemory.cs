using System;
using System.Globalization;
using System.IO;
using System.Linq;

namespace VaeDsl.Bench.Throughput;

/// <summary>The process's resident set size as the Linux kernel reports it.</summary>
internal static class ResidentMemory
{
    /// <summary>VmRSS from /proc/self/status, in kibibytes.</summary>
    public static long KiB()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("/proc/self/status has no VmRSS line (not Linux?)");
        var digits = line["VmRSS:".Length..].Trim().Split(' ')[0];
        return long.Parse(digits, CultureInfo.InvariantCulture);
    }
}
