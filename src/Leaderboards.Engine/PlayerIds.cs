using System.Text;
using System.Text.Unicode;

namespace Leaderboards.Engine;

/// <summary>Player id rules: non-empty UTF-8 of at most <see cref="MaxBytes"/> bytes, no control characters.</summary>
public static class PlayerIds
{
    public const int MaxBytes = 128;

    /// <summary>A buffer this long holds the UTF-8 of any string <see cref="Encode"/> accepts to look at.</summary>
    public const int EncodeBufferBytes = MaxBytes * 3;

    /// <summary>
    /// Encodes a valid id to UTF-8 into <paramref name="destination"/> (at least <see cref="EncodeBufferBytes"/> long)
    /// and returns the byte count; throws <see cref="LeaderboardValidationException"/> on an invalid id.
    /// </summary>
    public static int Encode(string? playerId, Span<byte> destination, string field = "playerId")
    {
        if (string.IsNullOrEmpty(playerId))
            throw new LeaderboardValidationException(field, "playerId must not be empty.");
        if (playerId.Length > MaxBytes)
            throw new LeaderboardValidationException(field, $"playerId must be at most {MaxBytes} bytes of UTF-8.");
        foreach (char c in playerId)
        {
            if (char.IsControl(c))
                throw new LeaderboardValidationException(field, "playerId must not contain control characters.");
        }

        // Strict encoding refuses lone surrogates, which have no UTF-8 form.
        var status = Utf8.FromUtf16(playerId, destination, out _, out int written, replaceInvalidSequences: false);
        if (status == System.Buffers.OperationStatus.InvalidData)
            throw new LeaderboardValidationException(field, "playerId must be valid Unicode text.");
        if (status != System.Buffers.OperationStatus.Done || written > MaxBytes)
            throw new LeaderboardValidationException(field, $"playerId must be at most {MaxBytes} bytes of UTF-8.");
        return written;
    }

    /// <summary>Throws <see cref="LeaderboardValidationException"/> when <paramref name="playerId"/> is not a valid id.</summary>
    public static void Validate(string? playerId, string field = "playerId")
    {
        Span<byte> buffer = stackalloc byte[EncodeBufferBytes];
        Encode(playerId, buffer, field);
    }

    /// <summary>Orders ids by their UTF-8 bytes, the order the index uses to break full ties.</summary>
    public static int CompareOrdinalUtf8(string a, string b)
    {
        if (ReferenceEquals(a, b))
            return 0;
        Span<byte> x = stackalloc byte[EncodeBufferBytes];
        Span<byte> y = stackalloc byte[EncodeBufferBytes];
        int xn = Encoding.UTF8.GetBytes(a, x);
        int yn = Encoding.UTF8.GetBytes(b, y);
        return x[..xn].SequenceCompareTo(y[..yn]);
    }
}
