using System.Buffers.Binary;
using System.Text;
using Leaderboards.Engine;
using Leaderboards.Engine.Partitions;

namespace Leaderboards.Service.Clustered.Internal;

/// <summary>
/// Encodes entries so that Redis's byte order of sorted-set members (all with score 0) is the board's rank order,
/// exactly, for every int64: a member is the 8-byte order key of the score, that of the subscore, the time, then the
/// player id's UTF-8. An order key is the value in offset binary (the sign bit flipped, big-endian), so unsigned byte
/// order is signed order; on a descending board every byte is complemented, so the highest value sorts first. The
/// time is always ascending (earlier first), and the id breaks the last ties, as in the embedded engine.
/// The player's hash field holds the same 24-byte key followed by the metadata. Persisted in Redis: do not change.
/// </summary>
internal static class EntryCodec
{
    /// <summary>Bytes before the id in a member, and before the metadata in a hash value.</summary>
    public const int KeyBytes = 24;

    /// <summary>Bytes of the value part of a key (score and subscore): what competition ranks compare.</summary>
    public const int ValueBytes = 16;

    /// <summary>The order key of <paramref name="value"/> on a board sorted by <paramref name="order"/>.</summary>
    public static byte[] OrderKey(long value, SortOrder order)
    {
        var bytes = new byte[8];
        WriteOrderKey(bytes, value, order);
        return bytes;
    }

    /// <summary>The value in offset binary (no complement): what the update script adds and clamps.</summary>
    public static byte[] Offset(long value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, (ulong)value ^ 0x8000_0000_0000_0000UL);
        return bytes;
    }

    /// <summary>The member of an entry: its 24-byte key and the id.</summary>
    public static byte[] Member(PartitionEntry entry, SortOrder order)
    {
        int idBytes = Encoding.UTF8.GetByteCount(entry.PlayerId);
        var member = new byte[KeyBytes + idBytes];
        WriteOrderKey(member.AsSpan(0, 8), entry.Score, order);
        WriteOrderKey(member.AsSpan(8, 8), entry.Subscore, order);
        BinaryPrimitives.WriteUInt64BigEndian(member.AsSpan(16, 8), (ulong)entry.Time ^ 0x8000_0000_0000_0000UL);
        Encoding.UTF8.GetBytes(entry.PlayerId, member.AsSpan(KeyBytes));
        return member;
    }

    /// <summary>The member of the entry whose 24-byte key is <paramref name="key"/>.</summary>
    public static byte[] Member(ReadOnlySpan<byte> key, string playerId)
    {
        var member = new byte[KeyBytes + Encoding.UTF8.GetByteCount(playerId)];
        key[..KeyBytes].CopyTo(member);
        Encoding.UTF8.GetBytes(playerId, member.AsSpan(KeyBytes));
        return member;
    }

    /// <summary>Reads an entry back from its member (id included) and, when given, the metadata of its hash value.</summary>
    public static PartitionEntry FromMember(ReadOnlySpan<byte> member, ReadOnlySpan<byte> hashValue, SortOrder order)
    {
        string playerId = Encoding.UTF8.GetString(member[KeyBytes..]);
        return FromKey(playerId, member, hashValue, order);
    }

    /// <summary>Reads an entry from its 24-byte key (a member's or a hash value's) and the metadata after a hash value's key.</summary>
    public static PartitionEntry FromKey(string playerId, ReadOnlySpan<byte> key, ReadOnlySpan<byte> hashValue, SortOrder order)
    {
        long score = ReadOrderKey(key[..8], order);
        long subscore = ReadOrderKey(key[8..16], order);
        long time = (long)(BinaryPrimitives.ReadUInt64BigEndian(key[16..24]) ^ 0x8000_0000_0000_0000UL);
        byte[]? metadata = hashValue.Length > KeyBytes ? hashValue[KeyBytes..].ToArray() : null;
        return new PartitionEntry(playerId, score, subscore, time, metadata);
    }

    /// <summary>An exclusive lexicographic bound (<c>(</c> then the bytes), as ZLEXCOUNT and ZRANGE BYLEX take.</summary>
    public static byte[] ExclusiveBound(ReadOnlySpan<byte> prefix)
    {
        var bound = new byte[prefix.Length + 1];
        bound[0] = (byte)'(';
        prefix.CopyTo(bound.AsSpan(1));
        return bound;
    }

    private static void WriteOrderKey(Span<byte> destination, long value, SortOrder order)
    {
        ulong offset = (ulong)value ^ 0x8000_0000_0000_0000UL;
        BinaryPrimitives.WriteUInt64BigEndian(destination, order == SortOrder.Descending ? ~offset : offset);
    }

    private static long ReadOrderKey(ReadOnlySpan<byte> source, SortOrder order)
    {
        ulong stored = BinaryPrimitives.ReadUInt64BigEndian(source);
        ulong offset = order == SortOrder.Descending ? ~stored : stored;
        return (long)(offset ^ 0x8000_0000_0000_0000UL);
    }
}
