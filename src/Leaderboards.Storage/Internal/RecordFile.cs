using System.Buffers.Binary;
using Leaderboards.Engine;

namespace Leaderboards.Storage.Internal;

/// <summary>
/// The 20-byte header every log segment and snapshot starts with: "LBOARD", a kind byte ('L' or 'S'), the format
/// version, a 64-bit number (the segment number, or the segment a snapshot's replay starts from) and a CRC32C of the
/// first 16 bytes.
/// </summary>
internal static class RecordFile
{
    public const int HeaderBytes = 20;
    public const byte FormatVersion = 1;
    public const byte LogKind = (byte)'L';
    public const byte SnapshotKind = (byte)'S';
    private static ReadOnlySpan<byte> Magic => "LBOARD"u8;

    public static byte[] Header(byte kind, long number)
    {
        var header = new byte[HeaderBytes];
        Magic.CopyTo(header);
        header[6] = kind;
        header[7] = FormatVersion;
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(8), number);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(16), Checksum.Crc32C(header.AsSpan(0, 16)));
        return header;
    }

    /// <summary>Reads the header; throws <see cref="PersistenceCorruptException"/> when it is not one of ours.</summary>
    public static long ReadHeader(Stream stream, string path, byte kind)
    {
        Span<byte> header = stackalloc byte[HeaderBytes];
        if (stream.ReadAtLeast(header, HeaderBytes, throwOnEndOfStream: false) < HeaderBytes)
            throw new PersistenceCorruptException(path, 0, "the file is shorter than its header");
        if (!header[..6].SequenceEqual(Magic) || header[6] != kind)
            throw new PersistenceCorruptException(path, 0, "this is not a Leaderboards " + (kind == LogKind ? "log segment" : "snapshot"));
        if (BinaryPrimitives.ReadUInt32LittleEndian(header[16..]) != Checksum.Crc32C(header[..16]))
            throw new PersistenceCorruptException(path, 0, "the header checksum does not match");
        if (header[7] != FormatVersion)
            throw new PersistenceCorruptException(path, 7, $"format version {header[7]} is not supported (this build reads {FormatVersion})");
        return BinaryPrimitives.ReadInt64LittleEndian(header[8..]);
    }
}

/// <summary>How far a file held good records. <see cref="TornBytes"/> is what a crash left after them.</summary>
internal sealed record ReadResult(long Number, long ValidLength, long FileLength)
{
    public string? TornProblem { get; init; }

    public long TornBytes => FileLength - ValidLength;
}
