using System.Numerics;

namespace Leaderboards.Engine.Internal;

/// <summary>CRC32C over an id's bytes, eight at a time: one hardware instruction per eight bytes.</summary>
internal static class IdHash
{
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
