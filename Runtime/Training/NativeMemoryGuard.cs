using System;

namespace VaeDsl.Runtime.Training;

/// <summary>
/// Keeps a long run's resident memory from growing, at the least cost to speed. With
/// <see cref="MemoryRelease.WhenGrown"/> it compares the process's resident memory after each epoch with the first
/// epoch's and calls <see cref="NativeHeap.Release"/> only when memory has grown by more than <see cref="Tolerance"/>.
/// Releasing after every epoch keeps memory flattest, but costs about 3 % of an MLP epoch: the collection itself, and
/// then the next epoch faulting back in the pages of the activations that the trim had just handed to the system
/// (measured in bench/README.md, "Memory"). The <see cref="Trainer"/> uses one per <see cref="Trainer.Fit"/>; a
/// training loop of one's own can call <see cref="AfterEpoch"/> the same way.
/// </summary>
public sealed class NativeMemoryGuard
{
    /// <summary>Growth over the first epoch's resident memory that is allowed before memory is released.</summary>
    public const double Tolerance = 0.01;

    private readonly MemoryRelease policy;
    private readonly Func<long> residentBytes;
    private readonly Action release;
    private long reference;

    /// <summary>Creates a guard reading the process's resident memory.</summary>
    public NativeMemoryGuard(MemoryRelease policy)
        : this(policy, () => Environment.WorkingSet, NativeHeap.Release)
    {
    }

    /// <summary>Creates a guard with its own source of the resident size and its own release (for tests).</summary>
    internal NativeMemoryGuard(MemoryRelease policy, Func<long> residentBytes, Action release)
    {
        if (!Enum.IsDefined(policy))
        {
            throw new ArgumentOutOfRangeException(nameof(policy), policy, "unknown memory release policy");
        }

        this.policy = policy;
        this.residentBytes = residentBytes;
        this.release = release;
    }

    /// <summary>How many times <see cref="AfterEpoch"/> has released memory.</summary>
    public int Releases { get; private set; }

    /// <summary>
    /// Call at the end of each epoch (after its evaluation, when every tensor of the epoch is gone). Returns the
    /// resident memory in bytes as found, before any release.
    /// </summary>
    public long AfterEpoch()
    {
        var resident = residentBytes();
        if (policy == MemoryRelease.Never)
        {
            return resident;
        }

        if (policy == MemoryRelease.EveryEpoch)
        {
            release();
            Releases++;
            return resident;
        }

        if (reference == 0)
        {
            // The first epoch sets the level: it has allocated everything a step and an evaluation need.
            reference = resident;
            return resident;
        }

        if (resident > reference * (1 + Tolerance))
        {
            release();
            Releases++;

            // What a release cannot give back is memory in use (a cache that grew, tensors the caller holds): take
            // it as the new level instead of paying for a release after every epoch from now on.
            reference = Math.Max(reference, residentBytes());
        }

        return resident;
    }
}
