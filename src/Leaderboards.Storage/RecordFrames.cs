using System.Buffers.Binary;
using Leaderboards.Engine;
using Leaderboards.Storage.Internal;

namespace Leaderboards.Storage;

/// <summary>
/// One record as a self-checking frame, the same bytes the log file holds ([length][CRC32C][type][payload]): how
/// records travel and rest outside the log files (the catalog stream of cluster mode) in the log's format.
/// </summary>
public static class RecordFrames
{
    /// <summary>The record as one frame.</summary>
    public static byte[] Encode(StorageRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return RecordCodec.Frame(record);
    }

    /// <summary>The record a frame holds.</summary>
    /// <exception cref="InvalidDataException">The frame is cut short, longer than its length says, or fails its checksum.</exception>
    public static StorageRecord Decode(ReadOnlySpan<byte> frame)
    {
        if (frame.Length < RecordCodec.FrameHeaderBytes + 1)
            throw new InvalidDataException("A record frame is shorter than its header.");
        int length = BinaryPrimitives.ReadInt32LittleEndian(frame);
        if (length != frame.Length - RecordCodec.FrameHeaderBytes)
            throw new InvalidDataException($"A record frame says {length} bytes but holds {frame.Length - RecordCodec.FrameHeaderBytes}.");
        var body = frame[RecordCodec.FrameHeaderBytes..];
        if (Checksum.Crc32C(body) != BinaryPrimitives.ReadUInt32LittleEndian(frame[4..]))
            throw new InvalidDataException("A record frame fails its checksum.");
        return RecordCodec.Decode((RecordType)body[0], body[1..]);
    }
}
