using Leaderboards.Engine.Boards;
using Leaderboards.Engine.Partitions;

namespace Leaderboards.Engine.Tests.Boards;

public sealed class BoardLoadTests
{
    [Fact]
    public async Task Load_AppliesRecordedState_AndNumberingContinuesAfterIt()
    {
        await using var board = await Board.CreateAsync("load", new BoardOptions { Partitions = 1, UpdatePolicy = UpdatePolicy.Best });
        await board.LoadAsync(0,
        [
            new ScoreChange(5, ChangeKind.Upsert, "a", 10, 1, 1000, null),
            new ScoreChange(6, ChangeKind.Upsert, "b", 20, 0, 1001, """{"x":1}"""u8.ToArray()),
            new ScoreChange(7, ChangeKind.Upsert, "c", 5, 0, 1002, null),
            new ScoreChange(8, ChangeKind.Remove, "c", 0, 0, 0, null),
        ], sequence: 8);

        Assert.Equal(8, board.GetStatus().Partitions[0].Sequence);
        var top = await board.TopAsync(10, ReadConsistency.Strong);
        Assert.Equal(["b", "a"], top.Select(e => e.PlayerId));
        Assert.Equal(1, top[1].Subscore);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1000), top[1].UpdatedAt);

        // The best policy applies to new writes on top of the loaded state.
        var lower = await board.SubmitAsync(new ScoreSubmission("b", 15));
        Assert.False(lower.Improved);
        await board.SubmitAsync(new ScoreSubmission("a", 30));
        Assert.Equal(9, board.GetStatus().Partitions[0].Sequence);
    }

    [Fact]
    public void Crc32C_MatchesTheStandardCheckValue()
    {
        Assert.Equal(0xE3069283u, Checksum.Crc32C("123456789"u8));
        Assert.Equal(0u, Checksum.Crc32C([]));
    }
}
