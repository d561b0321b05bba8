using System.Text;

namespace Leaderboards.Redis;

/// <summary>
/// Redis Cluster's key-to-slot function: CRC16 (XMODEM) of the key modulo 16384, where a key holding a
/// non-empty <c>{hash tag}</c> hashes only the tag, so keys sharing a tag share a slot.
/// </summary>
public static class HashSlot
{
    /// <summary>The number of slots in a cluster.</summary>
    public const int Count = 16384;

    private static readonly ushort[] s_table = BuildTable();

    /// <summary>The slot of a key given as UTF-8 bytes.</summary>
    public static int Compute(ReadOnlySpan<byte> key)
    {
        int open = key.IndexOf((byte)'{');
        if (open >= 0)
        {
            int close = key[(open + 1)..].IndexOf((byte)'}');
            if (close > 0)
            {
                key = key.Slice(open + 1, close);
            }
        }

        ushort crc = 0;
        foreach (byte b in key)
        {
            crc = (ushort)((crc << 8) ^ s_table[((crc >> 8) ^ b) & 0xff]);
        }

        return crc & (Count - 1);
    }

    /// <summary>The slot of a key given as text (hashed as its UTF-8 bytes).</summary>
    public static int Compute(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        int length = Encoding.UTF8.GetByteCount(key);
        Span<byte> bytes = length <= 256 ? stackalloc byte[length] : new byte[length];
        Encoding.UTF8.GetBytes(key, bytes);
        return Compute(bytes);
    }

    internal static int Compute(in RedisValue key)
    {
        Span<byte> buffer = stackalloc byte[256];
        int length = key.CopyBytes(buffer, out byte[]? rented);
        try
        {
            return Compute(rented is null ? buffer[..length] : rented.AsSpan(0, length));
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static ushort[] BuildTable()
    {
        var table = new ushort[256];
        for (int i = 0; i < 256; i++)
        {
            ushort crc = (ushort)(i << 8);
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x8000) != 0 ? (ushort)((crc << 1) ^ 0x1021) : (ushort)(crc << 1);
            }

            table[i] = crc;
        }

        return table;
    }
}
