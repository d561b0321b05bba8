using System.Text;
using Leaderboards.Engine;
using Leaderboards.Engine.Boards;
using Leaderboards.Redis.Tests.Support;
using Leaderboards.Service.Clustered;

namespace Leaderboards.Service.Tests.Clustered;

/// <summary>
/// A board on a real 6-node Redis Cluster against the embedded engine and a naive model: the same submissions give
/// the same stored values under every policy, and ranks, pages and counts follow the board's exact order
/// (value, then the time the value was reached, then the player id) for any int64.
/// </summary>
public sealed class ClusterBoardTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    private static readonly long[] s_edges = [long.MaxValue, long.MinValue, (1L << 53) + 1, 1L << 53, -(1L << 53) - 1, 0, -1, 1];

    private ClusterBoard NewBoard(BoardOptions options) =>
        new(cluster.Client, "test:", $"b{Guid.NewGuid():N}", options);

    [Theory]
    [InlineData(UpdatePolicy.Best, SortOrder.Descending)]
    [InlineData(UpdatePolicy.Best, SortOrder.Ascending)]
    [InlineData(UpdatePolicy.Latest, SortOrder.Descending)]
    [InlineData(UpdatePolicy.Latest, SortOrder.Ascending)]
    [InlineData(UpdatePolicy.Sum, SortOrder.Descending)]
    [InlineData(UpdatePolicy.Sum, SortOrder.Ascending)]
    public async Task Submissions_StoreWhatTheEmbeddedEngineStores_UnderEveryPolicy(UpdatePolicy policy, SortOrder order)
    {
        var options = new BoardOptions { UpdatePolicy = policy, Order = order, Partitions = 3 };
        var board = NewBoard(options);
        await using var engine = await Board.CreateAsync("model", options);
        var random = new Random(42 + (int)policy * 10 + (int)order);
        for (int i = 0; i < 400; i++)
        {
            var submission = RandomSubmission(random, players: 30);
            var stored = await board.SubmitAsync(submission);
            var expected = await engine.SubmitAsync(submission);
            Assert.Equal((expected.Score, expected.Subscore, expected.Changed, expected.Improved), (stored.Score, stored.Subscore, stored.Changed, stored.Improved));
            Assert.Equal(expected.PreviousRank is null, stored.PreviousRank is null);
        }

        var standings = await board.QueryPlayersAsync([.. Enumerable.Range(0, 30).Select(Player)], ReadConsistency.Strong);
        var engineStandings = await engine.QueryPlayersAsync([.. Enumerable.Range(0, 30).Select(Player)], ReadConsistency.Strong);
        Assert.Equal(
            engineStandings.Select(s => (s.Entry.PlayerId, s.Entry.Score, s.Entry.Subscore, Meta(s.Entry.Metadata))).OrderBy(e => e.PlayerId, StringComparer.Ordinal),
            standings.Select(s => (s.Entry.PlayerId, s.Entry.Score, s.Entry.Subscore, Meta(s.Entry.Metadata))).OrderBy(e => e.PlayerId, StringComparer.Ordinal));
        await AssertRanksFollowTheModelAsync(board, standings);
    }

    [Theory]
    [InlineData(RankMode.Ordinal, SortOrder.Descending)]
    [InlineData(RankMode.Competition, SortOrder.Descending)]
    [InlineData(RankMode.Ordinal, SortOrder.Ascending)]
    [InlineData(RankMode.Competition, SortOrder.Ascending)]
    public async Task RanksAndPages_FollowTheExactOrder_AcrossPartitions_AtAnyDepth(RankMode mode, SortOrder order)
    {
        var board = NewBoard(new BoardOptions { RankMode = mode, Order = order, Partitions = 4, UpdatePolicy = UpdatePolicy.Latest });
        var random = new Random(7 + (int)mode);
        const int Players = 2_500;
        // Few distinct values, so ties across partitions are everywhere; a handful of int64 edges beyond 2^53.
        for (int chunk = 0; chunk < Players; chunk += 250)
        {
            await Task.WhenAll(Enumerable.Range(chunk, 250).Select(i =>
                board.SubmitAsync(new ScoreSubmission(Player(i), i < s_edges.Length ? s_edges[i] : random.Next(0, 40), random.Next(0, 2))).AsTask()));
        }

        Assert.Equal(Players, await board.CountAsync(ReadConsistency.Strong));
        var standings = new List<PlayerStanding>();
        foreach (var chunk in Enumerable.Range(0, Players).Select(Player).Chunk(1_000))
            standings.AddRange(await board.QueryPlayersAsync(chunk, ReadConsistency.Strong));
        var expected = await AssertRanksFollowTheModelAsync(board, standings);

        foreach (long offset in new long[] { 0, 1, 37, 999, 1_000, 1_001, 1_733, 2_400, 2_499 })
        {
            var page = await board.PageWithTotalAsync(offset, 100, ReadConsistency.Strong);
            Assert.Equal(Players, page.Total);
            var slice = expected.Skip((int)offset).Take(100).ToList();
            Assert.Equal(slice.Select(e => (e.Rank, e.PlayerId, e.Score)), page.Entries.Select(e => (e.Rank, e.PlayerId, e.Score)));
        }

        var beyond = await board.PageWithTotalAsync(Players + 10, 10, ReadConsistency.Strong);
        Assert.Empty(beyond.Entries);
        var around = await board.AroundAsync(expected[1_500].PlayerId, 3, ReadConsistency.Strong);
        Assert.NotNull(around);
        Assert.Equal(expected.Skip(1_497).Take(7).Select(e => e.PlayerId), around.Entries.Select(e => e.PlayerId));
        Assert.Contains(around.Entries, e => e.PlayerId == around.Player.Entry.PlayerId && e.Rank == around.Player.Entry.Rank);
    }

    [Fact]
    public async Task Sums_Saturate_AndClampToTheBoardsBounds_Exactly()
    {
        var board = NewBoard(new BoardOptions { UpdatePolicy = UpdatePolicy.Sum, Partitions = 2 });
        await board.SubmitAsync(new ScoreSubmission("up", long.MaxValue - 1));
        var up = await board.SubmitAsync(new ScoreSubmission("up", 5));
        await board.SubmitAsync(new ScoreSubmission("down", long.MinValue + 1));
        var down = await board.SubmitAsync(new ScoreSubmission("down", -5));
        await board.SubmitAsync(new ScoreSubmission("exact", (1L << 53) + 1));
        var exact = await board.SubmitAsync(new ScoreSubmission("exact", 2));
        Assert.Equal((long.MaxValue, 1L), (up.Score, up.Rank));
        Assert.Equal((long.MinValue, 2L), (down.Score, down.Rank));
        Assert.Equal(((1L << 53) + 3, 2L), (exact.Score, exact.Rank));
        Assert.Equal(3, (await board.GetPlayerAsync("down", ReadConsistency.Strong))!.Entry.Rank);

        var bounded = NewBoard(new BoardOptions { UpdatePolicy = UpdatePolicy.Sum, MinScore = -10, MaxScore = 100, Partitions = 2 });
        await bounded.SubmitAsync(new ScoreSubmission("p", 90));
        Assert.Equal(100, (await bounded.SubmitAsync(new ScoreSubmission("p", 50))).Score);
        await bounded.SubmitAsync(new ScoreSubmission("q", -5));
        Assert.Equal(-10, (await bounded.SubmitAsync(new ScoreSubmission("q", -10))).Score);
    }

    [Fact]
    public async Task RemoveAndClear_TakeEntriesOut_OfEveryRead()
    {
        var board = NewBoard(new BoardOptions { Partitions = 3 });
        for (int i = 0; i < 20; i++)
            await board.SubmitAsync(new ScoreSubmission(Player(i), i));
        Assert.True(await board.RemoveAsync(Player(19)));
        Assert.False(await board.RemoveAsync(Player(19)));
        Assert.Null(await board.GetPlayerAsync(Player(19), ReadConsistency.Strong));
        Assert.Equal(Player(18), (await board.TopAsync(1, ReadConsistency.Strong))[0].PlayerId);
        Assert.Equal(1, (await board.GetPlayerAsync(Player(18), ReadConsistency.Strong))!.Entry.Rank);
        await board.ClearAsync();
        Assert.Equal(0, await board.CountAsync(ReadConsistency.Strong));
        Assert.Empty(await board.TopAsync(10, ReadConsistency.Strong));
    }

    [Fact]
    public async Task MetadataOnlyChanges_KeepTheEntrysPlaceAmongEquals()
    {
        var board = NewBoard(new BoardOptions { UpdatePolicy = UpdatePolicy.Latest, Partitions = 2 });
        await board.SubmitAsync(new ScoreSubmission("first", 10));
        await board.SubmitAsync(new ScoreSubmission("second", 10));
        var touched = await board.SubmitAsync(new ScoreSubmission("first", 10, Metadata: Encoding.UTF8.GetBytes("{\"skin\":1}")));
        Assert.True(touched.Changed);
        Assert.Equal(1, touched.Rank);
        var top = await board.TopAsync(2, ReadConsistency.Strong);
        Assert.Equal(["first", "second"], top.Select(e => e.PlayerId));
        Assert.Equal("{\"skin\":1}", Meta(top[0].Metadata));
        var unchanged = await board.SubmitAsync(new ScoreSubmission("second", 10));
        Assert.False(unchanged.Changed);
    }

    [Fact]
    public async Task AWriteAcknowledgedByAReplica_IsReadFromTheReplicas()
    {
        var board = new ClusterBoard(cluster.Client, "test:", $"b{Guid.NewGuid():N}", new BoardOptions { Partitions = 3 }, new ClusterWriteOptions { WaitReplicas = 1 });
        for (int i = 0; i < 30; i++)
            await board.SubmitAsync(new ScoreSubmission(Player(i), i));
        Assert.Equal(30, await board.CountAsync(ReadConsistency.Eventual));
        var standing = await board.GetPlayerAsync(Player(29), ReadConsistency.Eventual);
        Assert.Equal(1, standing!.Entry.Rank);
        Assert.Equal(Player(0), (await board.PageWithTotalAsync(29, 5, ReadConsistency.Eventual)).Entries.Single().PlayerId);
    }

    [Fact]
    public async Task AWriteNoReplicaCanAcknowledge_IsRefusedAsPossiblyNotApplied()
    {
        var board = new ClusterBoard(cluster.Client, "test:", $"b{Guid.NewGuid():N}", new BoardOptions { Partitions = 1 },
            new ClusterWriteOptions { WaitReplicas = 2, WaitTimeout = TimeSpan.FromMilliseconds(100) });
        var refused = await Assert.ThrowsAsync<ReplicationShortfallException>(() => board.SubmitAsync(new ScoreSubmission("p", 1)).AsTask());
        Assert.Equal((1, 2), (refused.Acknowledged, refused.Required));
    }

    // Sorts the standings with the board's rules, from their stored values and times, and checks every rank read.
    private static async Task<List<RankedEntry>> AssertRanksFollowTheModelAsync(ClusterBoard board, IReadOnlyList<PlayerStanding> standings)
    {
        bool descending = board.Options.Order == SortOrder.Descending;
        var sorted = standings.Select(s => s.Entry)
            .OrderBy(e => descending ? ~e.Score : e.Score)
            .ThenBy(e => descending ? ~e.Subscore : e.Subscore)
            .ThenBy(e => e.UpdatedAt)
            .ThenBy(e => Encoding.UTF8.GetBytes(e.PlayerId), ByteOrder.Instance)
            .ToList();
        var expected = new List<RankedEntry>(sorted.Count);
        for (int i = 0; i < sorted.Count; i++)
        {
            bool tied = board.Options.RankMode == RankMode.Competition && i > 0
                && sorted[i].Score == sorted[i - 1].Score && sorted[i].Subscore == sorted[i - 1].Subscore;
            expected.Add(sorted[i] with { Rank = tied ? expected[i - 1].Rank : i + 1 });
        }

        var byPlayer = standings.ToDictionary(s => s.Entry.PlayerId);
        foreach (var entry in expected)
        {
            Assert.Equal(entry.Rank, byPlayer[entry.PlayerId].Entry.Rank);
            Assert.Equal(standings.Count, byPlayer[entry.PlayerId].Total);
        }

        var top = await board.TopAsync(Math.Min(50, expected.Count), ReadConsistency.Strong);
        Assert.Equal(expected.Take(50).Select(e => (e.Rank, e.PlayerId)), top.Select(e => (e.Rank, e.PlayerId)));
        return expected;
    }

    private static ScoreSubmission RandomSubmission(Random random, int players)
    {
        long score = random.Next(6) switch
        {
            0 => s_edges[random.Next(s_edges.Length)],
            1 => random.NextInt64(long.MinValue, long.MaxValue),
            _ => random.Next(-50, 50),
        };
        long? subscore = random.Next(3) == 0 ? random.Next(-3, 3) : null;
        byte[]? metadata = random.Next(4) == 0 ? Encoding.UTF8.GetBytes($"{{\"n\":{random.Next(100)}}}") : null;
        return new ScoreSubmission(Player(random.Next(players)), score, subscore, metadata);
    }

    private static string Player(int i) => $"player-{i:D4}";

    private static string? Meta(byte[]? metadata) => metadata is null ? null : Encoding.UTF8.GetString(metadata);

    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static readonly ByteOrder Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
