using System.Security.Cryptography;
using System.Text;

namespace Leaderboards.Service.Keys;

/// <summary>The SHA-256 of a key, as a value that can key a dictionary without allocating.</summary>
public readonly record struct KeyHash(ulong A, ulong B, ulong C, ulong D)
{
    /// <summary>Keys are random 192-bit secrets, so an unsalted fast hash is enough: there is nothing to guess from.</summary>
    public static KeyHash Of(ReadOnlySpan<char> key)
    {
        Span<byte> utf8 = stackalloc byte[256];
        Span<byte> hash = stackalloc byte[32];
        int length = Encoding.UTF8.GetByteCount(key) <= utf8.Length ? Encoding.UTF8.GetBytes(key, utf8) : -1;
        if (length < 0)
            SHA256.HashData(Encoding.UTF8.GetBytes(key.ToString()), hash);
        else
            SHA256.HashData(utf8[..length], hash);
        return new KeyHash(
            BitConverter.ToUInt64(hash[..8]), BitConverter.ToUInt64(hash[8..16]),
            BitConverter.ToUInt64(hash[16..24]), BitConverter.ToUInt64(hash[24..]));
    }

    public string ToHex()
    {
        Span<byte> bytes = stackalloc byte[32];
        BitConverter.TryWriteBytes(bytes[..8], A);
        BitConverter.TryWriteBytes(bytes[8..16], B);
        BitConverter.TryWriteBytes(bytes[16..24], C);
        BitConverter.TryWriteBytes(bytes[24..], D);
        return Convert.ToHexStringLower(bytes);
    }

    public static KeyHash FromHex(string hex)
    {
        byte[] bytes = Convert.FromHexString(hex);
        if (bytes.Length != 32)
            throw new FormatException("A key hash is 32 bytes.");
        return new KeyHash(
            BitConverter.ToUInt64(bytes, 0), BitConverter.ToUInt64(bytes, 8),
            BitConverter.ToUInt64(bytes, 16), BitConverter.ToUInt64(bytes, 24));
    }
}
