using System.Collections.Concurrent;
using Leaderboards.Engine;
using Leaderboards.Redis.Tests.Support;
using Leaderboards.Service.Clustered;

namespace Leaderboards.Service.Tests.Clustered;

/// <summary>A node hears of every change another node makes to a board, as the change commits.</summary>
public sealed class ClusterChangesTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ChangesMadeThroughOneNode_AreHeardOnAnother_AndRefusedOrUnchangedOnesAreNot()
    {
        string id = $"b{Guid.NewGuid():N}";
        var options = new BoardOptions { Partitions = 4 };
        await using var otherClient = await cluster.ConnectAsync();
        var writer = new ClusterBoard(cluster.Client, "live:", id, options);
        var watcher = new ClusterBoard(otherClient, "live:", id, options);
        var heard = new BlockingCollection<IReadOnlyList<string>>();
        await using (await watcher.WatchAsync(heard.Add))
        {
            await writer.SubmitAsync(new ScoreSubmission("ada", 10));
            Assert.Equal(["ada"], Next(heard));

            // Not an improvement under `best`: nothing changed, nothing is said.
            await writer.SubmitAsync(new ScoreSubmission("ada", 5));
            await writer.SubmitBatchAsync([new ScoreSubmission("bob", 1), new ScoreSubmission("cyd", 2), new ScoreSubmission("dan", 3), new ScoreSubmission("eve", 4)]);
            var batch = new List<string>();
            while (batch.Count < 4)
                batch.AddRange(Next(heard));
            Assert.Equal(["bob", "cyd", "dan", "eve"], batch.Order(StringComparer.Ordinal));

            await writer.RemoveAsync("bob");
            Assert.Equal(["bob"], Next(heard));
            await writer.ClearAsync();
            for (int p = 0; p < options.Partitions; p++)
                Assert.Empty(Next(heard));
        }

        Assert.False(heard.TryTake(out _));
    }

    private static IReadOnlyList<string> Next(BlockingCollection<IReadOnlyList<string>> heard)
    {
        Assert.True(heard.TryTake(out var players, s_wait), "no change was heard");
        return players!;
    }
}
