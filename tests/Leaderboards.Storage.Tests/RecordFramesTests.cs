using Leaderboards.Engine;
using Leaderboards.Engine.Partitions;

namespace Leaderboards.Storage.Tests;

/// <summary>Records as standalone frames: what they encode decodes back, and damage is refused, not misread.</summary>
public sealed class RecordFramesTests
{
    public static TheoryData<StorageRecord> Records => new()
    {
        new KeyRevoked("key-1"),
        new BoardDeleted("arena", 3),
        new BoardDefinition("arena", 4, "Arena", true, DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000), new BoardOptions { Partitions = 8, Order = SortOrder.Ascending }),
        new ScoreBatchRecord("arena", 4, new ChangeBatch(1, 17, [new ScoreChange(9, ChangeKind.Upsert, "p", long.MaxValue, -1, 5, [1, 2])])),
    };

    [Theory]
    [MemberData(nameof(Records))]
    public void AFrame_DecodesToTheRecordItWasMadeFrom(StorageRecord record)
    {
        var decoded = RecordFrames.Decode(RecordFrames.Encode(record));
        Assert.Equal(RecordFrames.Encode(record), RecordFrames.Encode(decoded));
        Assert.Equal(record.GetType(), decoded.GetType());
    }

    [Fact]
    public void ADamagedOrCutFrame_IsRefused()
    {
        byte[] frame = RecordFrames.Encode(new KeyRevoked("key-1"));
        byte[] flipped = [.. frame];
        flipped[^1] ^= 0x40;
        Assert.Throws<InvalidDataException>(() => RecordFrames.Decode(flipped));
        Assert.Throws<InvalidDataException>(() => RecordFrames.Decode(frame.AsSpan(0, frame.Length - 1)));
        Assert.Throws<InvalidDataException>(() => RecordFrames.Decode(frame.AsSpan(0, 4)));
    }
}
