using System.Net;
using System.Text.Json.Nodes;
using Leaderboards.Server.Tests.Support;

namespace Leaderboards.Server.Tests.Cluster;

/// <summary>
/// The migration path between the stores: a snapshot taken in embedded mode restores into cluster mode, and one taken
/// in cluster mode restores into embedded mode, with the same entries, times, metadata and ranks.
/// </summary>
[Collection(ClusterServer.Collection)]
public sealed class MigrationTests(ClusterServer cluster)
{
    private const int Players = 3_000;

    [Fact]
    public async Task ASnapshot_MovesFromEmbeddedToClusterAndBack_WithIdenticalTopAndRanks()
    {
        string ordinal = Ids.Board(), competition = Ids.Board();
        await using var first = new ServerFactory();
        var embedded = first.Admin();
        await embedded.CreateBoardAsync(ordinal, """{"partitions":3}""");
        await embedded.CreateBoardAsync(competition, """{"partitions":2,"order":"asc","rankMode":"competition","updatePolicy":"sum"}""");
        await SeedAsync(embedded, ordinal);
        await SeedAsync(embedded, competition);
        var expected = await ViewAsync(embedded, [ordinal, competition]);

        // Embedded to cluster: the snapshot file goes into the cluster node's snapshot directory, and is restored there.
        await using var node = cluster.NewNode(new() { ["Leaderboards:Redis:KeyPrefix"] = $"m{Guid.NewGuid():N}"[..10] + ":" });
        var clustered = node.Admin();
        string fromEmbedded = await SnapshotAsync(embedded);
        CopySnapshot(Path.Combine(first.DataDir, "snapshots"), fromEmbedded, Path.Combine(node.DataDir, "cluster", "snapshots"));
        Assert.Equal(HttpStatusCode.OK, (await clustered.PostAsync($"/api/v1/admin/snapshots/{fromEmbedded}/restore", "")).Status);
        Assert.Equal(expected, await ViewAsync(clustered, [ordinal, competition]));
        // Restored again over itself: the boards come back under the incarnations the delete before the load just fenced.
        await clustered.SubmitAsync(ordinal, "extra", 1);
        Assert.Equal(HttpStatusCode.OK, (await clustered.PostAsync($"/api/v1/admin/snapshots/{fromEmbedded}/restore", "")).Status);
        Assert.Equal(expected, await ViewAsync(clustered, [ordinal, competition]));
        // ... and take writes again (the tombstones are gone).
        await clustered.SubmitAsync(ordinal, "extra", 1);
        Assert.Equal(HttpStatusCode.NoContent, (await clustered.DeleteAsync($"/api/v1/boards/{ordinal}/players/extra")).Status);

        // And back: a snapshot of the cluster restores into a fresh embedded server.
        string fromCluster = await SnapshotAsync(clustered);
        await using var second = new ServerFactory();
        var back = second.Admin();
        CopySnapshot(Path.Combine(node.DataDir, "cluster", "snapshots"), fromCluster, Path.Combine(second.DataDir, "snapshots"));
        Assert.Equal(HttpStatusCode.OK, (await back.PostAsync($"/api/v1/admin/snapshots/{fromCluster}/restore", "")).Status);
        Assert.Equal(expected, await ViewAsync(back, [ordinal, competition]));
    }

    // Scores with many ties (values, subscores), metadata on some players, sent in batches.
    private static async Task SeedAsync(ApiClient admin, string boardId)
    {
        var random = new Random(boardId.GetHashCode(StringComparison.Ordinal));
        for (int start = 0; start < Players; start += 1_000)
        {
            var entries = new JsonArray();
            for (int i = start; i < start + 1_000; i++)
            {
                var entry = new JsonObject { ["playerId"] = $"p{i}", ["score"] = random.Next(-50, 200) * 1_000_000_007L, ["subscore"] = random.Next(3) };
                if (i % 7 == 0)
                    entry["metadata"] = new JsonObject { ["name"] = $"player {i}" };
                entries.Add(entry);
            }
            var reply = await admin.PostAsync($"/api/v1/boards/{boardId}/scores/batch", new JsonObject { ["entries"] = entries }.ToJsonString());
            Assert.Equal(HttpStatusCode.OK, reply.Status);
        }
    }

    // What a player sees: the top 1,000 in full, and the rank of every 37th player.
    private static async Task<string> ViewAsync(ApiClient admin, string[] boards)
    {
        var view = new List<string>();
        foreach (string boardId in boards)
        {
            view.Add((await admin.GetAsync($"/api/v1/boards/{boardId}/top?limit=1000&consistency=strong")).Body);
            for (int i = 0; i < Players; i += 37)
                view.Add((await admin.GetAsync($"/api/v1/boards/{boardId}/players/p{i}?consistency=strong")).Body);
        }
        return string.Join('\n', view);
    }

    private static async Task<string> SnapshotAsync(ApiClient admin)
    {
        var reply = await admin.PostAsync("/api/v1/admin/snapshots", "");
        Assert.Equal(HttpStatusCode.Created, reply.Status);
        return (string)reply.Json["id"]!;
    }

    private static void CopySnapshot(string fromDirectory, string id, string toDirectory)
    {
        Directory.CreateDirectory(toDirectory);
        string name = id + ".lbsnap";
        File.Copy(Path.Combine(fromDirectory, name), Path.Combine(toDirectory, name));
    }
}
