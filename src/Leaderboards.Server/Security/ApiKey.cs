using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;

namespace Leaderboards.Server.Security;

/// <summary>A stored key: everything but the secret, which is kept only as a SHA-256 hash.</summary>
public sealed record ApiKey(string Id, string Name, ApiRole Role, DateTimeOffset CreatedAt, int? PermitsPerPeriod, KeyHash Hash)
{
    private ClaimsPrincipal? _principal;

    /// <summary>The identity requests with this key run as; built once, since keys never change (a revoked key is a lookup miss).</summary>
    public ClaimsPrincipal Principal => _principal ??= new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(ApiKeyClaims.KeyId, Id),
            new Claim(ApiKeyClaims.Role, ApiRoles.Name(Role)),
            new Claim(ClaimTypes.Name, Name),
        ],
        ApiKeyClaims.Scheme));

    /// <summary>The rate limiter's partition for this key, built once instead of per request.</summary>
    public string RateLimitPartition { get; } = "key:" + Id;
}

public static class ApiKeyClaims
{
    public const string Scheme = "ApiKey";
    public const string Role = "lb:role";
    public const string KeyId = "lb:key";
}

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
