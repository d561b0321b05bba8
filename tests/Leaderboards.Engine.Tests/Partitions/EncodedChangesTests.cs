using Leaderboards.Engine.Partitions;

namespace Leaderboards.Engine.Tests.Partitions;

/// <summary><see cref="EncodedChanges"/> reads as the list of changes added to it, past its first capacity, and through its views.</summary>
public sealed class EncodedChangesTests
{
    private static ScoreChange Change(int i) =>
        new(i + 1, i % 5 == 0 ? ChangeKind.Remove : ChangeKind.Upsert, "player-" + new string('é', i % 40) + i,
            i % 5 == 0 ? 0 : i * 7 - 50, i % 5 == 0 ? 0 : i % 3, i % 5 == 0 ? 0 : 1000 + i, null);

    [Fact]
    public void Added_Changes_ReadBackInOrder_PastTheFirstCapacity()
    {
        var changes = Enumerable.Range(0, 300).Select(Change).ToArray();
        var encoded = EncodedChanges.From(changes, withSequences: true);
        var grown = new EncodedChanges(1, withSequences: true);
        grown.AddRange(encoded);

        Assert.Equal(changes, encoded);
        Assert.Equal(changes, grown);
        Assert.Equal(changes[^1].Sequence, grown.Sequence(grown.Count - 1));
    }

    [Fact]
    public void Skip_IsTheTail_AndTakesNoMoreChanges()
    {
        var changes = Enumerable.Range(0, 10).Select(Change).ToArray();
        var tail = EncodedChanges.From(changes, withSequences: true).Skip(4);

        Assert.Equal(changes.Skip(4), tail);
        Assert.Equal(changes[4].PlayerId, tail[0].PlayerId);
        Assert.Throws<InvalidOperationException>(() => tail.Add(ChangeKind.Clear, 99, [], 0, 0, 0, null));
        Assert.Throws<ArgumentOutOfRangeException>(() => tail[6]);
    }

    [Fact]
    public void WithoutSequences_EveryChangeReadsSequenceZero()
    {
        var encoded = EncodedChanges.From([new ScoreChange(0, ChangeKind.Upsert, "p", 5, 6, 7, [9])], withSequences: false);
        Assert.Equal(new ScoreChange(0, ChangeKind.Upsert, "p", 5, 6, 7, null), encoded[0] with { Metadata = null });
        Assert.Equal([9], encoded.Metadata(0));
    }
}
