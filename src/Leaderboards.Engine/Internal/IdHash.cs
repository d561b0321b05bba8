using System.Numerics;
using System.Runtime.CompilerServices;

namespace Leaderboards.Engine.Internal;

/// <summary>CRC32C over an id's bytes, eight at a time: one hardware instruction per eight bytes.</summary>
internal static class IdHash
{
    // Also run millions of times in a process's first seconds (recovery): compiled optimized at once, not tiered up.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static uint Crc32C(ReadOnlySpan<byte> id, uint seed)
    {
        uint h = seed;
        while (id.Length >= 8)
        {
            h = BitOperations.Crc32C(h, BitConverter.ToUInt64(id));
            id = id[8..];
        }

        foreach (byte b in id)
            h = BitOperations.Crc32C(h, b);
        return h;
    }
}
