using VaeDsl.Runtime.Training;
using Xunit;

namespace VaeDsl.Runtime.Tests.Training;

public sealed class NativeMemoryGuardTests
{
    private const long MiB = 1024 * 1024;

    [Fact]
    public void TheFirstEpochSetsTheLevelAndGrowthWithinTheToleranceIsLeftAlone()
    {
        var memory = new FakeMemory(300 * MiB);
        var guard = memory.Guard();

        Assert.Equal(300 * MiB, guard.AfterEpoch());
        memory.Resident = 302 * MiB; // +0.67 %
        Assert.Equal(302 * MiB, guard.AfterEpoch());
        memory.Resident = 303 * MiB; // +1.00 %, exactly the tolerance
        guard.AfterEpoch();

        Assert.Equal(0, memory.Releases);
        Assert.Equal(0, guard.Releases);
    }

    [Fact]
    public void GrowthBeyondTheToleranceIsReleasedAndTheReadingBeforeTheReleaseIsReturned()
    {
        var memory = new FakeMemory(300 * MiB) { AfterRelease = 220 * MiB };
        var guard = memory.Guard();
        guard.AfterEpoch();

        memory.Resident = 304 * MiB;
        Assert.Equal(304 * MiB, guard.AfterEpoch());
        Assert.Equal(1, memory.Releases);
        Assert.Equal(220 * MiB, memory.Resident);

        // The next epochs fault the working set back in, up to the first epoch's level: no release for that.
        memory.Resident = 300 * MiB;
        guard.AfterEpoch();
        Assert.Equal(1, memory.Releases);

        memory.Resident = 310 * MiB;
        guard.AfterEpoch();
        Assert.Equal(2, memory.Releases);
        Assert.Equal(2, guard.Releases);
    }

    [Fact]
    public void MemoryThatAReleaseCannotGiveBackBecomesTheNewLevel()
    {
        // Memory in use (for example tensors the caller keeps) stays resident after a release.
        var memory = new FakeMemory(300 * MiB);
        var guard = memory.Guard();
        guard.AfterEpoch();

        memory.Resident = 400 * MiB;
        memory.AfterRelease = 400 * MiB;
        guard.AfterEpoch();
        Assert.Equal(1, memory.Releases);

        // Without the new level every later epoch would pay for a release that gives nothing back.
        guard.AfterEpoch();
        memory.Resident = 403 * MiB;
        guard.AfterEpoch();
        Assert.Equal(1, memory.Releases);

        memory.Resident = 405 * MiB; // +1.25 % over the new level
        guard.AfterEpoch();
        Assert.Equal(2, memory.Releases);
    }

    [Theory]
    [InlineData(MemoryRelease.EveryEpoch, 3)]
    [InlineData(MemoryRelease.Never, 0)]
    public void TheOtherPoliciesReleaseAfterEveryEpochOrNever(MemoryRelease policy, int releases)
    {
        var memory = new FakeMemory(300 * MiB);
        var guard = memory.Guard(policy);
        for (var epoch = 0; epoch < 3; epoch++)
        {
            memory.Resident += 50 * MiB;
            guard.AfterEpoch();
        }

        Assert.Equal(releases, memory.Releases);
    }

    [Fact]
    public void AnUnknownPolicyIsRefused() =>
        Assert.Throws<System.ArgumentOutOfRangeException>(() => new NativeMemoryGuard((MemoryRelease)7, () => 0, () => { }));

    private sealed class FakeMemory
    {
        public FakeMemory(long resident) => Resident = resident;

        public long Resident { get; set; }

        public long? AfterRelease { get; set; }

        public int Releases { get; private set; }

        public NativeMemoryGuard Guard(MemoryRelease policy = MemoryRelease.WhenGrown) => new(policy, () => Resident, () =>
        {
            Releases++;
            Resident = AfterRelease ?? Resident;
        });
    }
}
