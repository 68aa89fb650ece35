namespace VaeDsl.Bench.Throughput;

/// <summary>One timed training epoch.</summary>
/// <param name="Seconds">Wall-clock seconds.</param>
/// <param name="CpuSeconds">Processor seconds of the whole process (all threads), or NaN when not measured.</param>
/// <param name="Loss">Mean training loss per image.</param>
/// <param name="ResidentKiB">Resident memory of the process that trained it after the epoch, or null when not reported.</param>
internal readonly record struct EpochTiming(double Seconds, double CpuSeconds, double Loss, long? ResidentKiB = null);
