using Leaderboards.Engine;
using Leaderboards.Engine.Partitions;
using Leaderboards.Storage.Internal;

namespace Leaderboards.Storage.Tests;

/// <summary>Every record kind survives a frame and a decode unchanged; a flipped bit is caught by the checksum.</summary>
public sealed class RecordCodecTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeMilliseconds(1_790_000_000_123);

    public static TheoryData<StorageRecord> Records() =>
    [
        new BoardDefinition("weekly", 42, "Weekly", true, At, new BoardOptions { Order = SortOrder.Ascending, UpdatePolicy = UpdatePolicy.Sum, MinScore = -5, Partitions = 8, Replicas = 2 })
        {
            Reset = new SeasonReset(ResetEvery.Week, "Europe/Oslo", DayOfWeek.Sunday, 7),
            EntryTtl = TimeSpan.FromHours(12),
        },
        new SeasonStarted("weekly", 42, "2026-11-16w", 43, At, At.AddDays(7)),
        new SeasonStarted("all", 1, "all", 1, At, null),
        new BoardDeleted("weekly", 42),
        new StoredApiKey("k1", "game backend", 2, At, 500, 1, ulong.MaxValue, 3, 4),
        new KeyRevoked("k1"),
        new SnapshotBegin(12, At),
        new PartitionBegin("weekly", 43, 7, long.MaxValue),
        new SnapshotEnd(1000, 999),
    ];

    [Theory]
    [MemberData(nameof(Records))]
    public void Record_RoundTrips(StorageRecord record)
    {
        var decoded = Decode(RecordCodec.Frame(record));
        Assert.Equal(record, decoded);
    }

    [Fact]
    public void ScoreBatch_RoundTrips_WithExtremesUnicodeAndMetadata()
    {
        var changes = new[]
        {
            new ScoreChange(1, ChangeKind.Upsert, "ålesund-玩家", long.MinValue, long.MaxValue, 17, "{\"a\":1}"u8.ToArray()),
            new ScoreChange(2, ChangeKind.Upsert, "bob", 0, 0, 0, null),
            new ScoreChange(3, ChangeKind.Remove, "bob", 0, 0, 0, null),
            new ScoreChange(4, ChangeKind.Clear, "", 0, 0, 0, null),
        };
        var decoded = Assert.IsType<ScoreBatchRecord>(Decode(RecordCodec.Frame(new ScoreBatchRecord("b", 9, new ChangeBatch(3, 1234, changes)))));
        Assert.Equal(("b", 9UL, 3, 1234L), (decoded.BoardId, decoded.Incarnation, decoded.Batch.Partition, decoded.Batch.CommitTime));
        Assert.Equal(changes.Length, decoded.Batch.Changes.Count);
        for (int i = 0; i < changes.Length; i++)
        {
            var (want, got) = (changes[i], decoded.Batch.Changes[i]);
            Assert.Equal((want.Sequence, want.Kind, want.PlayerId, want.Score, want.Subscore, want.Time), (got.Sequence, got.Kind, got.PlayerId, got.Score, got.Subscore, got.Time));
            Assert.Equal(want.Metadata, got.Metadata);
        }
    }

    [Fact]
    public void Transaction_RoundTrips_EveryPartInOrder()
    {
        var parts = new[]
        {
            new ScoreBatchRecord("daily", 1, new ChangeBatch(0, 10, [new ScoreChange(5, ChangeKind.Upsert, "p", 1, 0, 10, null)])),
            new ScoreBatchRecord("weekly", 2, new ChangeBatch(3, 10, [new ScoreChange(9, ChangeKind.Upsert, "p", 1, 0, 10, null)])),
        };
        var decoded = Assert.IsType<ScoreTransactionRecord>(Decode(RecordCodec.Frame(new ScoreTransactionRecord(parts))));
        Assert.Equal(["daily/1/0/5", "weekly/2/3/9"],
            decoded.Parts.Select(p => $"{p.BoardId}/{p.Incarnation}/{p.Batch.Partition}/{p.Batch.Changes[0].Sequence}"));
    }

    [Fact]
    public void Entries_RoundTrip_WithoutSequences()
    {
        var chunk = new EntriesChunk([new ScoreChange(0, ChangeKind.Upsert, "p", 5, 6, 7, null)]);
        var decoded = Assert.IsType<EntriesChunk>(Decode(RecordCodec.Frame(chunk)));
        Assert.Equal(("p", 5L, 6L, 7L), (decoded.Entries[0].PlayerId, decoded.Entries[0].Score, decoded.Entries[0].Subscore, decoded.Entries[0].Time));
    }

    [Fact]
    public void Frame_ChecksumCoversEveryPayloadByte()
    {
        byte[] frame = RecordCodec.Frame(new KeyRevoked("some-key"));
        for (int at = RecordCodec.FrameHeaderBytes; at < frame.Length; at++)
        {
            byte[] damaged = (byte[])frame.Clone();
            damaged[at] ^= 0x10;
            uint stored = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(damaged.AsSpan(4));
            Assert.NotEqual(stored, Checksum.Crc32C(damaged.AsSpan(RecordCodec.FrameHeaderBytes)));
        }
    }

    [Fact]
    public void Decode_RefusesTrailingBytesAndUnknownTypes()
    {
        byte[] frame = RecordCodec.Frame(new KeyRevoked("k"));
        var body = frame.AsSpan(RecordCodec.FrameHeaderBytes).ToArray();
        Assert.Throws<InvalidDataException>(() => RecordCodec.Decode((RecordType)body[0], [.. body[1..], 0]));
        Assert.Throws<InvalidDataException>(() => RecordCodec.Decode((RecordType)250, body[1..]));
    }

    private static StorageRecord Decode(byte[] frame)
    {
        int length = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(frame);
        Assert.Equal(frame.Length - RecordCodec.FrameHeaderBytes, length);
        var body = frame.AsSpan(RecordCodec.FrameHeaderBytes);
        Assert.Equal(System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(frame.AsSpan(4)), Checksum.Crc32C(body));
        return RecordCodec.Decode((RecordType)body[0], body[1..]);
    }
}
