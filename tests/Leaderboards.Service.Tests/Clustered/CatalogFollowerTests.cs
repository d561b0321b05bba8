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
        var follower = new CatalogFollower(new CatalogStream(otherClient, prefix), (_, record) =>
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

    [Fact]
    public void Advance_OnlyMovesForward_AndHasAppliedComparesStreamIdsAsNumbers()
    {
        var follower = new CatalogFollower(new CatalogStream(cluster.Client, "ids:"), (_, _) => Task.CompletedTask, TimeSpan.FromSeconds(1), NullLogger<CatalogFollower>.Instance);
        Assert.False(follower.HasApplied("1-0"));
        follower.Advance("1700000000000-9");
        follower.Advance("999-0"); // older: ignored
        Assert.Equal("1700000000000-9", follower.Applied);
        Assert.True(follower.HasApplied("1700000000000-9"));
        Assert.True(follower.HasApplied("1699999999999-99"));
        Assert.False(follower.HasApplied("1700000000000-10")); // 10 > 9 as numbers, though "10" < "9" as text
        Assert.False(follower.HasApplied("1700000000001-0"));

        // A stream that lost records this follower had applied is followed from what it still holds.
        Assert.False(follower.RewindTo("1700000000001-0"));
        Assert.True(follower.RewindTo("1699999999999-3"));
        Assert.Equal("1699999999999-3", follower.Applied);
    }
}
