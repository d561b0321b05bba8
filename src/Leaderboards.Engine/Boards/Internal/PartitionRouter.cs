using System.Text;
using Leaderboards.Engine.Internal;

namespace Leaderboards.Engine.Boards.Internal;

/// <summary>
/// Maps a player to a partition with a hash that is stable across processes and versions:
/// CRC32C of the id's UTF-8, mixed, then scaled onto the partition count.
/// Changing this function moves players between partitions: treat it as a persisted format.
/// </summary>
internal static class PartitionRouter
{
    public static int PartitionOf(string playerId, int partitions)
    {
        if (partitions == 1)
            return 0;
        Span<byte> buffer = stackalloc byte[PlayerIds.EncodeBufferBytes];
        var id = buffer[..Encoding.UTF8.GetBytes(playerId, buffer)];
        uint h = IdHash.Crc32C(id, 0x4C42u);
        h ^= h >> 16;
        h *= 0x7FEB352Du;
        h ^= h >> 15;
        h *= 0x846CA68Bu;
        h ^= h >> 16;
        return (int)(((ulong)h * (uint)partitions) >> 32);
    }
}
