using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;
using Leaderboards.Engine;
using Leaderboards.Engine.Partitions;

namespace Leaderboards.Storage.Internal;

/// <summary>
/// Frames and payloads. A frame is [u32 length][u32 CRC32C][type][payload], where length and CRC cover type and payload.
/// Fields are little-endian; strings and byte arrays are length-prefixed (-1 for null).
/// </summary>
internal static class RecordCodec
{
    public const int FrameHeaderBytes = 8;

    /// <summary>No record is larger; a length field above it is damage, not data.</summary>
    public const int MaxRecordBytes = 64 * 1024 * 1024;

    public static void Frame(PayloadWriter writer, StorageRecord record)
    {
        int at = writer.Reserve(FrameHeaderBytes);
        writer.Byte((byte)record.Type);
        WritePayload(writer, record);
        int length = writer.Length - at - FrameHeaderBytes;
        var header = writer.Written(at, FrameHeaderBytes);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(header, length);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(header[4..], Checksum.Crc32C(writer.Written(at + FrameHeaderBytes, length)));
    }

    public static byte[] Frame(StorageRecord record)
    {
        var writer = new PayloadWriter();
        Frame(writer, record);
        return writer.WrittenSpan.ToArray();
    }

    private static void WritePayload(PayloadWriter w, StorageRecord record)
    {
        switch (record)
        {
            case BoardDefinition b:
                w.String(b.Id);
                w.UInt64(b.Incarnation);
                w.String(b.DisplayName);
                w.Bool(b.PublicRead);
                w.Int64(b.CreatedAt.ToUnixTimeMilliseconds());
                w.Byte((byte)b.Options.Order);
                w.Byte((byte)b.Options.UpdatePolicy);
                w.Byte((byte)b.Options.RankMode);
                w.OptionalInt64(b.Options.MinScore);
                w.OptionalInt64(b.Options.MaxScore);
                w.Int32(b.Options.Partitions);
                w.Int32(b.Options.Replicas);
                // Added after format version 1's first files: readers take these fields only when the record has them.
                w.Byte((byte)b.Reset.Every);
                w.String(b.Reset.TimeZone);
                w.Byte((byte)b.Reset.WeekStartsOn);
                w.Int32(b.Reset.KeepSeasons);
                w.OptionalInt64(b.EntryTtl?.Ticks);
                break;
            case SeasonStarted season:
                w.String(season.BoardId);
                w.UInt64(season.BoardIncarnation);
                w.String(season.SeasonId);
                w.UInt64(season.SeasonIncarnation);
                w.Int64(season.Start.ToUnixTimeMilliseconds());
                w.OptionalInt64(season.End?.ToUnixTimeMilliseconds());
                break;
            case BoardDeleted d:
                w.String(d.Id);
                w.UInt64(d.Incarnation);
                break;
            case StoredApiKey k:
                w.String(k.Id);
                w.String(k.Name);
                w.Byte((byte)k.Role);
                w.Int64(k.CreatedAt.ToUnixTimeMilliseconds());
                w.OptionalInt32(k.PermitsPerPeriod);
                w.UInt64(k.HashA);
                w.UInt64(k.HashB);
                w.UInt64(k.HashC);
                w.UInt64(k.HashD);
                break;
            case KeyRevoked r:
                w.String(r.Id);
                break;
            case ScoreBatchRecord s:
                WriteBatch(w, s);
                break;
            case ScoreTransactionRecord t:
                w.Int32(t.Parts.Count);
                foreach (var part in t.Parts)
                    WriteBatch(w, part);
                break;
            case SnapshotBegin b:
                w.Int64(b.ReplayFromSegment);
                w.Int64(b.CreatedAt.ToUnixTimeMilliseconds());
                break;
            case PartitionBegin p:
                w.String(p.BoardId);
                w.UInt64(p.Incarnation);
                w.Int32(p.Partition);
                w.Int64(p.Sequence);
                break;
            case EntriesChunk chunk:
                WriteChanges(w, chunk.Entries, withSequence: false);
                break;
            case SnapshotEnd e:
                w.Int64(e.Records);
                w.Int64(e.Entries);
                break;
            default:
                throw new ArgumentException($"No encoding for {record.GetType().Name}.", nameof(record));
        }
    }

    private static void WriteBatch(PayloadWriter w, ScoreBatchRecord s)
    {
        w.String(s.BoardId);
        w.UInt64(s.Incarnation);
        w.Int32(s.Batch.Partition);
        w.Int64(s.Batch.CommitTime);
        WriteChanges(w, s.Batch.Changes, withSequence: true);
    }

    private static void WriteChanges(PayloadWriter w, IReadOnlyList<ScoreChange> changes, bool withSequence)
    {
        w.Int32(changes.Count);
        foreach (var c in changes)
        {
            w.Byte((byte)c.Kind);
            if (withSequence)
                w.Int64(c.Sequence);
            w.String(c.PlayerId);
            if (c.Kind != ChangeKind.Upsert)
                continue;
            w.Int64(c.Score);
            w.Int64(c.Subscore);
            w.Int64(c.Time);
            w.Bytes(c.Metadata, c.Metadata is null);
        }
    }

    public static StorageRecord Decode(RecordType type, ReadOnlySpan<byte> payload)
    {
        var r = new PayloadReader(payload);
        StorageRecord value = type switch
        {
            RecordType.BoardPut => DecodeBoard(ref r),
            RecordType.SeasonStart => new SeasonStarted(r.String(), r.UInt64(), r.String(), r.UInt64(),
                DateTimeOffset.FromUnixTimeMilliseconds(r.Int64()), r.OptionalInt64() is { } end ? DateTimeOffset.FromUnixTimeMilliseconds(end) : null),
            RecordType.BoardDelete => new BoardDeleted(r.String(), r.UInt64()),
            RecordType.KeyPut => new StoredApiKey(r.String(), r.String(), r.Byte(), DateTimeOffset.FromUnixTimeMilliseconds(r.Int64()),
                r.OptionalInt32(), r.UInt64(), r.UInt64(), r.UInt64(), r.UInt64()),
            RecordType.KeyRevoke => new KeyRevoked(r.String()),
            RecordType.ScoreBatch => DecodeBatch(ref r),
            RecordType.ScoreTransaction => DecodeTransaction(ref r),
            RecordType.SnapshotBegin => new SnapshotBegin(r.Int64(), DateTimeOffset.FromUnixTimeMilliseconds(r.Int64())),
            RecordType.PartitionBegin => new PartitionBegin(r.String(), r.UInt64(), r.Int32(), r.Int64()),
            RecordType.Entries => new EntriesChunk(ReadChanges(ref r, withSequence: false)),
            RecordType.SnapshotEnd => new SnapshotEnd(r.Int64(), r.Int64()),
            _ => throw new InvalidDataException($"Unknown record type {(byte)type}."),
        };
        if (!r.AtEnd)
            throw new InvalidDataException($"A {type} record is longer than its fields.");
        return value;
    }

    private static BoardDefinition DecodeBoard(ref PayloadReader r)
    {
        var board = new BoardDefinition(
            r.String(), r.UInt64(), r.String(), r.Bool(), DateTimeOffset.FromUnixTimeMilliseconds(r.Int64()),
            new BoardOptions
            {
                Order = (SortOrder)r.Byte(),
                UpdatePolicy = (UpdatePolicy)r.Byte(),
                RankMode = (RankMode)r.Byte(),
                MinScore = r.OptionalInt64(),
                MaxScore = r.OptionalInt64(),
                Partitions = r.Int32(),
                Replicas = r.Int32(),
            });
        if (r.AtEnd)
            return board;
        var reset = new SeasonReset((ResetEvery)r.Byte(), r.String(), (DayOfWeek)r.Byte(), r.Int32());
        long? ttl = r.OptionalInt64();
        return board with { Reset = reset, EntryTtl = ttl is { } ticks ? TimeSpan.FromTicks(ticks) : null };
    }

    private static ScoreBatchRecord DecodeBatch(ref PayloadReader r)
    {
        string boardId = r.String();
        ulong incarnation = r.UInt64();
        int partition = r.Int32();
        long commitTime = r.Int64();
        return new ScoreBatchRecord(boardId, incarnation, new ChangeBatch(partition, commitTime, ReadChanges(ref r, withSequence: true)));
    }

    private static ScoreTransactionRecord DecodeTransaction(ref PayloadReader r)
    {
        int count = r.Int32();
        if (count < 1 || count > MaxRecordBytes / 32)
            throw new InvalidDataException("A transaction has an impossible part count.");
        var parts = new ScoreBatchRecord[count];
        for (int i = 0; i < count; i++)
            parts[i] = DecodeBatch(ref r);
        return new ScoreTransactionRecord(parts);
    }

    // Recovery runs this loop millions of times in a process's first seconds: compiled optimized at once, not tiered up.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static EncodedChanges ReadChanges(ref PayloadReader r, bool withSequence)
    {
        int count = r.Int32();
        if (count < 0 || count > MaxRecordBytes / 8)
            throw new InvalidDataException("A record has an impossible change count.");
        // Ids stay UTF-8: recovery stages them as they are, so a change costs no string (see EncodedChanges).
        var changes = new EncodedChanges(count, withSequence);
        Span<byte> repaired = stackalloc byte[PlayerIds.EncodeBufferBytes];
        for (int i = 0; i < count; i++)
        {
            var kind = (ChangeKind)r.Byte();
            long sequence = withSequence ? r.Int64() : 0;
            var playerId = PlayerIdOf(r.Utf8String(), repaired);
            switch (kind)
            {
                case ChangeKind.Upsert:
                    long score = r.Int64(), subscore = r.Int64(), time = r.Int64();
                    changes.Add(kind, sequence, playerId, score, subscore, time, r.Bytes());
                    break;
                case ChangeKind.Remove or ChangeKind.Clear:
                    changes.Add(kind, sequence, playerId, 0, 0, 0, null);
                    break;
                default:
                    throw new InvalidDataException($"Unknown change kind {(byte)kind}.");
            }
        }
        return changes;
    }

    /// <summary>
    /// The id as the engine keeps it: the bytes as they are when they are valid UTF-8 (always, for ids this codec
    /// wrote), else what decoding them to a string and encoding that again gives, as when ids were read as strings.
    /// </summary>
    private static ReadOnlySpan<byte> PlayerIdOf(ReadOnlySpan<byte> written, Span<byte> repaired)
    {
        if (written.Length > PlayerIds.EncodeBufferBytes)
            throw new InvalidDataException($"A player id is {written.Length} bytes long.");
        if (Utf8.IsValid(written))
            return written;
        string text = Encoding.UTF8.GetString(written);
        if (Encoding.UTF8.GetByteCount(text) > repaired.Length)
            throw new InvalidDataException($"A player id is {written.Length} bytes long.");
        return repaired[..Encoding.UTF8.GetBytes(text, repaired)];
    }
}
