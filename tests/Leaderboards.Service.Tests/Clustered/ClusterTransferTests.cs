using System.Text;
using Leaderboards.Engine;
using Leaderboards.Engine.Boards;
using Leaderboards.Engine.Partitions;
using Leaderboards.Redis.Tests.Support;
using Leaderboards.Service.Clustered;

namespace Leaderboards.Service.Tests.Clustered;

/// <summary>
/// Partitions move between the embedded engine and Redis Cluster with their times and metadata, so a board moved
/// either way ranks every player exactly as before: the path snapshots and migrations between the stores take.
/// </summary>
public sealed class ClusterTransferTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    [Theory]
    [InlineData(SortOrder.Descending, RankMode.Ordinal)]
    [InlineData(SortOrder.Ascending, RankMode.Competition)]
    public async Task ABoardMovedFromEmbeddedToClusterAndBack_RanksEveryPlayerAsBefore(SortOrder order, RankMode mode)
    {
        var options = new BoardOptions { Order = order, RankMode = mode, Partitions = 4, UpdatePolicy = UpdatePolicy.Latest };
        await using var embedded = await Board.CreateAsync("origin", options);
        var random = new Random(11);
        const int Players = 3_000;
        for (int i = 0; i < Players; i += 500)
        {
            await embedded.SubmitBatchAsync([.. Enumerable.Range(i, 500).Select(p => new ScoreSubmission(
                $"p{p}", random.Next(0, 300), random.Next(0, 3), p % 7 == 0 ? Encoding.UTF8.GetBytes($"{{\"p\":{p}}}") : null))]);
        }

        var clustered = new ClusterBoard(cluster.Client, "move:", $"b{Guid.NewGuid():N}", options);
        for (int p = 0; p < options.Partitions; p++)
            await clustered.LoadPartitionAsync(p, await embedded.Partitions[p].ReaderFor(ReadConsistency.Strong).RangeAsync(0, Players));

        var expected = (await embedded.PageWithTotalAsync(0, 1_000, ReadConsistency.Strong)).Entries;
        Assert.Equal(Summary(expected), Summary((await clustered.PageWithTotalAsync(0, 1_000, ReadConsistency.Strong)).Entries));
        var ids = Enumerable.Range(0, Players).Where(p => p % 3 == 0).Select(p => $"p{p}").ToList();
        Assert.Equal(Standings(await embedded.QueryPlayersAsync(ids, ReadConsistency.Strong)), Standings(await clustered.QueryPlayersAsync(ids, ReadConsistency.Strong)));

        await using var back = await Board.CreateAsync("back", options);
        for (int p = 0; p < options.Partitions; p++)
        {
            var entries = await clustered.ReadPartitionAsync(p);
            await back.LoadAsync(p, [.. entries.Select(e => new ScoreChange(0, ChangeKind.Upsert, e.PlayerId, e.Score, e.Subscore, e.Time, e.Metadata))], 0);
        }

        Assert.Equal(Summary(expected), Summary((await back.PageWithTotalAsync(0, 1_000, ReadConsistency.Strong)).Entries));
        Assert.Equal(Standings(await embedded.QueryPlayersAsync(ids, ReadConsistency.Strong)), Standings(await back.QueryPlayersAsync(ids, ReadConsistency.Strong)));
    }

    [Fact]
    public async Task LoadingAPlayerIntoTheWrongPartition_IsRefused()
    {
        var clustered = new ClusterBoard(cluster.Client, "move:", $"b{Guid.NewGuid():N}", new BoardOptions { Partitions = 4 });
        int home = BoardRules.PartitionOf("someone", 4);
        var entry = new PartitionEntry("someone", 1, 0, 1, null);
        await Assert.ThrowsAsync<ArgumentException>(() => clustered.LoadPartitionAsync((home + 1) % 4, [entry]).AsTask());
        Assert.Equal(0, await clustered.CountAsync(ReadConsistency.Strong));
    }

    private static List<(long, string, long, long, DateTimeOffset, string?)> Summary(IEnumerable<RankedEntry> entries) =>
        [.. entries.Select(e => (e.Rank, e.PlayerId, e.Score, e.Subscore, e.UpdatedAt, e.Metadata is null ? null : Encoding.UTF8.GetString(e.Metadata)))];

    private static List<(string, long, long, double)> Standings(IEnumerable<PlayerStanding> standings) =>
        [.. standings.Select(s => (s.Entry.PlayerId, s.Entry.Rank, s.Total, s.Percentile))];
}
