using Leaderboards.Engine;
using Leaderboards.Engine.Boards;
using Leaderboards.Redis.Tests.Support;
using Leaderboards.Service.Clustered;
using Leaderboards.Service.Embedded;

namespace Leaderboards.Service.Tests.Clustered;

/// <summary>What the service asks of a cluster board beyond scores and ranks, checked against the embedded engine.</summary>
public sealed class ClusterStoreBoardTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    private ClusterBoard NewBoard(BoardOptions options) => new(cluster.Client, "store:", $"b{Guid.NewGuid():N}", options);

    [Fact]
    public async Task Expire_RemovesOnlyEntriesLastUpdatedBeforeTheCutoff()
    {
        var board = NewBoard(new BoardOptions { Partitions = 3, UpdatePolicy = UpdatePolicy.Latest });
        await board.SubmitBatchAsync([.. Enumerable.Range(0, 30).Select(i => new ScoreSubmission($"old{i}", i))]);
        // Redis's clock stamps the entries (each partition's master its own): a cutoff one millisecond past the newest
        // old entry takes them all, and entries written after it are kept.
        var cutoff = (await board.TopAsync(30, ReadConsistency.Strong)).Max(e => e.UpdatedAt).AddMilliseconds(1);
        await WaitUntilPastAsync(board, cutoff);
        await board.SubmitBatchAsync([.. Enumerable.Range(0, 10).Select(i => new ScoreSubmission($"new{i}", i))]);

        Assert.Equal(0, await board.ExpireAsync(cutoff.AddDays(-1)));
        Assert.Equal(30, await board.ExpireAsync(cutoff));
        Assert.Equal(10, await board.CountAsync(ReadConsistency.Strong));
        Assert.Null(await board.GetPlayerAsync("old3", ReadConsistency.Strong));
        Assert.NotNull(await board.GetPlayerAsync("new3", ReadConsistency.Strong));
        Assert.Equal(0, await board.ExpireAsync(cutoff));
    }

    [Theory]
    [InlineData(SortOrder.Descending)]
    [InlineData(SortOrder.Ascending)]
    public async Task CountInRange_AndImport_AgreeWithTheEngine(SortOrder order)
    {
        var options = new BoardOptions { Partitions = 4, Order = order, UpdatePolicy = UpdatePolicy.Sum };
        var random = new Random(5);
        var scores = Enumerable.Range(0, 2_000).Select(i => new ScoreSubmission($"p{i % 1_500}", random.Next(-1_000, 1_000) * (long)int.MaxValue)).ToArray();
        var board = NewBoard(options);
        await using var engine = new EmbeddedBoard(await Board.CreateAsync("model", options));
        Assert.Equal(scores.Length, await board.ImportAsync(scores));
        Assert.Equal(scores.Length, await engine.ImportAsync(scores));

        long?[] bounds = [null, long.MinValue, long.MaxValue, 0, -500L * int.MaxValue, 500L * int.MaxValue, 17L * int.MaxValue];
        foreach (long? min in bounds)
        {
            foreach (long? max in bounds)
                Assert.Equal(await engine.CountInRangeAsync(min, max, ReadConsistency.Strong), await board.CountInRangeAsync(min, max, ReadConsistency.Strong));
        }
        // Ties go by time, which each store stamps with its own clock: the scores at each rank agree.
        Assert.Equal((await engine.PageAsync(100, 50, ReadConsistency.Strong)).Select(e => e.Score), (await board.PageAsync(100, 50, ReadConsistency.Strong)).Select(e => e.Score));
    }

    [Fact]
    public async Task SubmitAcross_WritesEveryBoardOrNone()
    {
        var a = NewBoard(new BoardOptions { Partitions = 2 });
        var b = NewBoard(new BoardOptions { Partitions = 3 });
        var results = await ClusterBoard.SubmitAcrossAsync([(a, new ScoreSubmission("ann", 50)), (b, new ScoreSubmission("ann", 60))]);
        Assert.Equal([1L, 1L], results.Select(r => r.Rank));

        var refused = await Assert.ThrowsAsync<LeaderboardValidationException>(async () =>
            await ClusterBoard.SubmitAcrossAsync([(a, new ScoreSubmission("bob", 70)), (b, new ScoreSubmission(new string('x', 1_000), 170))]));
        Assert.Equal("writes[1].playerId", refused.Field);
        Assert.Null(await a.GetPlayerAsync("bob", ReadConsistency.Strong));
        Assert.Equal(1, await b.CountAsync(ReadConsistency.Strong));
    }

    [Fact]
    public async Task Drop_DeletesTheBoardsKeys_AndRefusesWritesFromANodeThatStillHoldsIt_UntilRevived()
    {
        string id = $"b{Guid.NewGuid():N}";
        var options = new BoardOptions { Partitions = 3 };
        var board = new ClusterBoard(cluster.Client, "drop:", id, options, keyName: $"{id}/1");
        await using var otherClient = await cluster.ConnectAsync();
        var stale = new ClusterBoard(otherClient, "drop:", id, options, keyName: $"{id}/1"); // a node that has not followed the delete
        await board.SubmitBatchAsync([.. Enumerable.Range(0, 20).Select(i => new ScoreSubmission($"p{i}", i))]);
        await board.DropAsync();
        Assert.Equal(0, await board.CountAsync(ReadConsistency.Strong));

        var refused = await Assert.ThrowsAsync<Redis.RedisServerException>(async () => await stale.SubmitAsync(new ScoreSubmission("late", 1)));
        Assert.Equal("NOBOARD", refused.Prefix);
        await Assert.ThrowsAsync<Redis.RedisServerException>(async () => await stale.SubmitBatchAsync([new ScoreSubmission("a", 1), new ScoreSubmission("b", 2), new ScoreSubmission("c", 3)]));
        await Assert.ThrowsAsync<Redis.RedisServerException>(async () => await stale.RemoveAsync("p1"));
        // Only the tombstones are left: the refused writes wrote nothing back.
        foreach (var master in cluster.Client.Masters)
        {
            string keys = await ClusterFixture.RedisCliAsync(TimeSpan.FromSeconds(10), "-p", master.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--scan", "--pattern", $"drop:{{{id}/1*");
            Assert.All(keys.Split('\n', StringSplitOptions.RemoveEmptyEntries), key => Assert.EndsWith(":x", key, StringComparison.Ordinal));
        }

        await board.ReviveAsync();
        await stale.SubmitAsync(new ScoreSubmission("back", 5));
        Assert.Equal(1, await board.CountAsync(ReadConsistency.Strong));
    }

    // Waits (on Redis's own clock, which stamps entries) until a time has passed.
    private static async Task WaitUntilPastAsync(ClusterBoard board, DateTimeOffset time)
    {
        for (int i = 0; i < 1_000; i++)
        {
            await board.SubmitAsync(new ScoreSubmission("clock", i));
            if ((await board.GetPlayerAsync("clock", ReadConsistency.Strong))!.Entry.UpdatedAt > time)
            {
                await board.RemoveAsync("clock");
                return;
            }
        }
        throw new TimeoutException("Redis's clock did not move past the cutoff.");
    }
}
