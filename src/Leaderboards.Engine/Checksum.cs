using Leaderboards.Engine.Internal;

namespace Leaderboards.Engine;

/// <summary>Checksums for persisted data.</summary>
public static class Checksum
{
    /// <summary>The standard CRC32C (Castagnoli) of <paramref name="data"/>, in hardware where the CPU has it.</summary>
    public static uint Crc32C(ReadOnlySpan<byte> data) => ~IdHash.Crc32C(data, ~0u);
}
