using System.Text;
using Leaderboards.Engine;
using Leaderboards.Engine.Boards;
using Leaderboards.Redis.Tests.Support;
using Leaderboards.Service.Clustered;

namespace Leaderboards.Service.Tests.Clustered;

/// <summary>
/// Batches on a cluster board: each partition's share is one atomic script that builds entry on entry as the embedded
/// engine does, and a batch that spans partitions is finished by any node when the one that started it stops.
/// </summary>
public sealed class ClusterBatchTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    [Theory]
    [InlineData(UpdatePolicy.Best)]
    [InlineData(UpdatePolicy.Latest)]
    [InlineData(UpdatePolicy.Sum)]
    public async Task ABatch_StoresWhatTheEmbeddedEngineStores_WithRepeatedPlayers(UpdatePolicy policy)
    {
        var options = new BoardOptions { UpdatePolicy = policy, Partitions = 4 };
        var board = new ClusterBoard(cluster.Client, "batch:", $"b{Guid.NewGuid():N}", options);
        await using var engine = await Board.CreateAsync("model", options);
        var random = new Random(3 + (int)policy);
        for (int round = 0; round < 5; round++)
        {
            var batch = Enumerable.Range(0, 60).Select(_ => new ScoreSubmission(
                $"p{random.Next(25)}", random.Next(-100, 100), random.Next(3) == 0 ? random.Next(5) : null,
                random.Next(5) == 0 ? Encoding.UTF8.GetBytes($"{{\"r\":{round}}}") : null)).ToList();
            var stored = await board.SubmitBatchAsync(batch);
            var expected = await engine.SubmitBatchAsync(batch);
            Assert.Equal(
                expected.Select(r => (r.PlayerId, r.Score, r.Subscore, r.Changed, r.Improved, r.PreviousRank is null)),
                stored.Select(r => (r.PlayerId, r.Score, r.Subscore, r.Changed, r.Improved, r.PreviousRank is null)));
        }

        var ids = Enumerable.Range(0, 25).Select(p => $"p{p}").ToList();
        var standings = await board.QueryPlayersAsync(ids, ReadConsistency.Strong);
        var engineStandings = await engine.QueryPlayersAsync(ids, ReadConsistency.Strong);
        Assert.Equal(
            engineStandings.Select(s => (s.Entry.PlayerId, s.Entry.Score, s.Entry.Subscore)).OrderBy(e => e.PlayerId, StringComparer.Ordinal),
            standings.Select(s => (s.Entry.PlayerId, s.Entry.Score, s.Entry.Subscore)).OrderBy(e => e.PlayerId, StringComparer.Ordinal));
        // Ranks are contiguous and in order: the last answer of a batch agrees with a read made after it.
        Assert.Equal(Enumerable.Range(1, standings.Count).Select(r => (long)r), standings.Select(s => s.Entry.Rank));
    }

    [Fact]
    public async Task ABatchLeftHalfDone_IsFinishedOnce_ByAnyNode()
    {
        var options = new BoardOptions { UpdatePolicy = UpdatePolicy.Sum, Partitions = 4 };
        string id = $"b{Guid.NewGuid():N}";
        var first = new ClusterBoard(cluster.Client, "batch:", id, options);
        var players = Enumerable.Range(0, 20).Select(p => $"p{p}").ToList();
        await first.SubmitBatchAsync([.. players.Select(p => new ScoreSubmission(p, 5))]);

        // The node stops after one partition applied its share of +10 for everyone.
        await first.BeginBatchAsync([.. players.Select(p => new ScoreSubmission(p, 10))], shares: 1);
        var partly = await first.QueryPlayersAsync(players, ReadConsistency.Strong);
        Assert.Contains(partly, s => s.Entry.Score == 15);
        Assert.Contains(partly, s => s.Entry.Score == 5);

        // Two other nodes find the batch at once; each partition applies its share exactly once.
        await using var otherClient = await cluster.ConnectAsync();
        var second = new ClusterBoard(cluster.Client, "batch:", id, options);
        var third = new ClusterBoard(otherClient, "batch:", id, options);
        var finished = await Task.WhenAll(second.RecoverPendingAsync(TimeSpan.Zero).AsTask(), third.RecoverPendingAsync(TimeSpan.Zero).AsTask());
        Assert.InRange(finished.Sum(), 1, 2);
        Assert.All(await first.QueryPlayersAsync(players, ReadConsistency.Strong), s => Assert.Equal(15, s.Entry.Score));
        Assert.Equal(0, await first.RecoverPendingAsync(TimeSpan.Zero));
    }

    [Fact]
    public async Task APendingBatch_IsLeftAlone_UntilItIsOldEnough()
    {
        var board = new ClusterBoard(cluster.Client, "batch:", $"b{Guid.NewGuid():N}", new BoardOptions { Partitions = 4 });
        await board.BeginBatchAsync([.. Enumerable.Range(0, 20).Select(p => new ScoreSubmission($"p{p}", p))], shares: 0);
        Assert.Equal(0, await board.RecoverPendingAsync(TimeSpan.FromMinutes(5)));
        Assert.Equal(0, await board.CountAsync(ReadConsistency.Strong));
        Assert.Equal(1, await board.RecoverPendingAsync(TimeSpan.Zero));
        Assert.Equal(20, await board.CountAsync(ReadConsistency.Strong));
    }

    [Fact]
    public async Task ABatchWithOneBadEntry_ChangesNothing()
    {
        var board = new ClusterBoard(cluster.Client, "batch:", $"b{Guid.NewGuid():N}", new BoardOptions { Partitions = 4, MaxScore = 100 });
        var refused = await Assert.ThrowsAsync<LeaderboardValidationException>(() => board.SubmitBatchAsync(
            [new ScoreSubmission("a", 1), new ScoreSubmission("b", 2), new ScoreSubmission("c", 1_000)]).AsTask());
        Assert.Equal("entries[2].score", refused.Field);
        Assert.Equal(0, await board.CountAsync(ReadConsistency.Strong));
    }
}
