namespace VaeDsl.Runtime.Training;

/// <summary>
/// When <see cref="Trainer.Fit"/> gives unused native memory back to the system between epochs (a garbage collection
/// to run the finalizers that free TorchSharp's native objects, then <c>malloc_trim</c> on glibc).
/// </summary>
public enum MemoryRelease
{
    /// <summary>
    /// Only when the resident memory at the end of an epoch has grown by more than 1 % over the first epoch's. Memory
    /// stays level over a long run and most epochs pay nothing; the resident size moves in a saw-tooth below that bound.
    /// </summary>
    WhenGrown,

    /// <summary>
    /// After every epoch: the flattest resident size, for about 3 % of the speed of a small model, whose next epoch
    /// faults back in the memory just given away.
    /// </summary>
    EveryEpoch,

    /// <summary>Never: the allocator keeps what it has, and memory grows with fragmentation over a long run.</summary>
    Never,
}
