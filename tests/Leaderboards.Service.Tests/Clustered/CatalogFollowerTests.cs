using System.Collections.Concurrent;
using Leaderboards.Redis.Tests.Support;
using Leaderboards.Service.Clustered;
using Leaderboards.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Leaderboards.Service.Tests.Clustered;

/// <summary>A node follows changes other nodes append to the catalog: in order, once each, and past a failure.</summary>
public sealed class CatalogFollowerTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    [Fact]
    public async Task AFollowingNode_AppliesOtherNodesChanges_InOrder_AndRetriesARecordThatFailed()
    {
        string prefix = $"fol{Guid.NewGuid():N}:";
        await using var otherClient = await cluster.ConnectAsync();
        var writer = new CatalogStream(cluster.Client, prefix);
        var applied = new BlockingCollection<StorageRecord>();
        int failuresLeft = 1;
        var follower = new CatalogFollower(new CatalogStream(otherClient, prefix), record =>
        {
            if (record is KeyRevoked { Id: "k2" } && Interlocked.Decrement(ref failuresLeft) >= 0)
                throw new IOException("applying failed once");
            applied.Add(record);
            return Task.CompletedTask;
        }, TimeSpan.FromMilliseconds(50), NullLogger<CatalogFollower>.Instance);
        using var stop = new CancellationTokenSource();
        var running = follower.RunAsync(stop.Token);

        string last = CatalogStream.Start;
        foreach (string id in new[] { "k1", "k2", "k3" })
            last = (await writer.TryAppendAsync(new KeyRevoked(id), last))!;

        var seen = new List<string>();
        while (seen.Count < 3)
        {
            Assert.True(applied.TryTake(out var record, TimeSpan.FromSeconds(10)), $"only {string.Join(",", seen)} were applied");
            seen.Add(((KeyRevoked)record!).Id);
        }

        Assert.Equal(["k1", "k2", "k3"], seen);
        Assert.Equal(last, follower.Applied);
        Assert.Equal(0, await follower.CatchUpAsync());
        stop.Cancel();
        await running;
    }
}
