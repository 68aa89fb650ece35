using System;
using System.Buffers.Binary;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Training;

/// <summary>
/// libtorch's CPU generator state as bytes, checked before it is handed back: libtorch aborts the process (it does not
/// throw) on a state whose Mersenne Twister fields are out of range, so a bad state must never reach it.
/// </summary>
internal static class GeneratorState
{
    // CPUGeneratorImplStateLegacy: uint64 initial seed, int32 left, int32 seeded, uint64 next, then the state words.
    private const int LeftOffset = 8;
    private const int SeededOffset = 12;
    private const int NextOffset = 16;
    private const int StateWords = 624;

    public static byte[] Current()
    {
        using var state = get_rng_state();
        return state.data<byte>().ToArray();
    }

    /// <summary>Why <paramref name="state"/> cannot be this libtorch's generator state, or null when it can.</summary>
    public static string? Problem(ReadOnlySpan<byte> state)
    {
        var expected = Current().Length;
        if (state.Length != expected)
        {
            return $"its generator state has {state.Length} bytes but this libtorch's has {expected}";
        }

        var left = BinaryPrimitives.ReadInt32LittleEndian(state[LeftOffset..]);
        var seeded = BinaryPrimitives.ReadInt32LittleEndian(state[SeededOffset..]);
        var next = (uint)BinaryPrimitives.ReadUInt64LittleEndian(state[NextOffset..]);
        return left is >= 1 and <= StateWords && seeded != 0 && next <= StateWords
            ? null
            : $"its generator state is invalid (position {left}, seeded {seeded}, next {next})";
    }

    public static void Restore(byte[] state)
    {
        // The CPU generator's state is a CPU tensor, whatever the default device.
        using var tensor = TorchSharp.torch.tensor(state, dtype: ScalarType.Byte, device: CPU);
        set_rng_state(tensor);
    }
}
