using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Leaderboards.Server.Tests.Support;
using Xunit.Abstractions;

namespace Leaderboards.Server.Tests.Cluster;

/// <summary>Two service nodes over one Redis Cluster: what one node accepts reaches the other's clients within a second.</summary>
[Collection(ClusterServer.Collection)]
public sealed class TwoNodeTests(ClusterServer cluster, ITestOutputHelper output)
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    private static string[] Players(JsonNode top) => [.. top["entries"]!.AsArray().Select(e => (string)e!["playerId"]!)];

    [Fact]
    public async Task AScoreSubmittedOnNodeA_IsPushedToASubscriberOnNodeB_WithinASecond()
    {
        var adminA = cluster.Server.Admin();
        string id = Ids.Board();
        await adminA.CreateBoardAsync(id, """{"partitions":4}""");
        await adminA.SubmitAsync(id, "a", 10);
        await using var nodeB = cluster.NewNode();
        await using var hub = await HubClient.ConnectAsync(nodeB, ServerFactory.AdminKey);
        Assert.Null((await hub.InvokeAsync("SubscribeTop", id, 3))["error"]);
        Assert.Equal(["a"], Players(await hub.NextAsync("TopChanged", Timeout)));

        for (int i = 0; i < 5; i++)
        {
            var clock = Stopwatch.StartNew();
            await adminA.SubmitAsync(id, $"b{i}", 100 + i);
            var moved = await hub.WaitForAsync("TopChanged", t => Players(t)[0] == $"b{i}", Second);
            Assert.Equal(i + 2, (long)moved["total"]!);
            output.WriteLine($"write {i}: on node B's subscriber {clock.ElapsedMilliseconds} ms after node A was asked");
        }
        // Each node reports its Redis client beside its own metrics.
        Assert.Contains("redis_client_commands", (await nodeB.Anonymous().GetAsync("/metrics")).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AKeyRevokedOnNodeA_IsRefusedOnNodeB_WithinASecond()
    {
        var adminA = cluster.Server.Admin();
        string id = Ids.Board();
        await adminA.CreateBoardAsync(id);
        var created = await adminA.PostAsync("/api/v1/admin/keys", """{"name":"node b reader","role":"reader"}""");
        Assert.Equal(HttpStatusCode.Created, created.Status);
        string keyId = (string)created.Json["id"]!, secret = (string)created.Json["key"]!;

        await using var nodeB = cluster.NewNode();
        // Node B, which read them from the catalog, answers the creation times node A answered.
        Assert.Equal((string?)(await adminA.GetAsync($"/api/v1/boards/{id}")).Json["createdAt"],
            (string?)(await nodeB.Admin().GetAsync($"/api/v1/boards/{id}")).Json["createdAt"]);
        var keysB = (await nodeB.Admin().GetAsync("/api/v1/admin/keys")).Json["keys"]!.AsArray();
        Assert.Equal((string?)created.Json["createdAt"], (string?)keysB.Single(k => (string?)k!["id"] == keyId)!["createdAt"]);
        var readerB = nodeB.Client(secret);
        Assert.Equal(HttpStatusCode.OK, (await readerB.GetAsync($"/api/v1/boards/{id}/top")).Status);
        await using var hub = await HubClient.ConnectAsync(nodeB, secret);
        Assert.Null((await hub.InvokeAsync("SubscribeTop", id, 3))["error"]);
        await hub.NextAsync("TopChanged", Timeout);

        var clock = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.NoContent, (await adminA.DeleteAsync($"/api/v1/admin/keys/{keyId}")).Status);
        // Node B closes the key's connections once it has forgotten the key: the close is the signal.
        await hub.ClosedAsync(Second);
        output.WriteLine($"node B closed the revoked key's connection {clock.ElapsedMilliseconds} ms after node A was asked");
        (await readerB.GetAsync($"/api/v1/boards/{id}/top")).AssertProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ABoardDeletedOnNodeA_IsGoneOnNodeB()
    {
        var adminA = cluster.Server.Admin();
        string id = Ids.Board();
        await adminA.CreateBoardAsync(id);
        await adminA.SubmitAsync(id, "a", 10);
        await using var nodeB = cluster.NewNode();
        var adminB = nodeB.Admin();
        Assert.Equal(1, (long)(await adminB.GetAsync($"/api/v1/boards/{id}/count?consistency=strong")).Json["count"]!);
        await using var hub = await HubClient.ConnectAsync(nodeB, ServerFactory.AdminKey);
        Assert.Null((await hub.InvokeAsync("SubscribeTop", id, 3))["error"]);
        await hub.NextAsync("TopChanged", Timeout);

        Assert.Equal(HttpStatusCode.NoContent, (await adminA.DeleteAsync($"/api/v1/boards/{id}")).Status);
        // A new board of the same id on node A starts empty everywhere: node B follows the delete, then the create.
        await adminA.CreateBoardAsync(id);
        await adminA.SubmitAsync(id, "z", 1);
        var fresh = await hub.WaitForAsync("TopChanged", t => Players(t) is ["z"], Timeout);
        Assert.Equal(1, (long)fresh["total"]!);
        Assert.Equal(["z"], Players((await adminB.GetAsync($"/api/v1/boards/{id}/top")).Json));
    }

    [Fact]
    public async Task ChangesThroughBothNodesAtOnce_AreAllRecorded_NotRefusedAsConflicts()
    {
        var adminA = cluster.Server.Admin();
        await using var nodeB = cluster.NewNode();
        var adminB = nodeB.Admin();
        // Each pair is made on the two nodes at the same moment, each before the other node's change has reached it:
        // the second to record decides again once it has caught up.
        var boards = new List<string>();
        for (int i = 0; i < 10; i++)
        {
            string id = Ids.Board();
            boards.Add(id);
            var created = adminA.PutAsync($"/api/v1/boards/{id}", "{}");
            var key = adminB.PostAsync("/api/v1/admin/keys", $$"""{"name":"pair {{i}}","role":"reader"}""");
            Assert.Equal(HttpStatusCode.Created, (await created).Status);
            Assert.Equal(HttpStatusCode.Created, (await key).Status);
        }
        // A node started now reads the whole catalog: every board and every key is in it.
        await using var nodeC = cluster.NewNode();
        var adminC = nodeC.Admin();
        foreach (string id in boards)
            await adminC.SubmitAsync(id, "a", 1);
        var keys = (await adminC.GetAsync("/api/v1/admin/keys")).Json["keys"]!.AsArray();
        Assert.Equal(10, keys.Count(k => ((string?)k!["name"])?.StartsWith("pair ", StringComparison.Ordinal) == true));
    }

    [Fact]
    public async Task ACatalogRecordLostInAFailover_DoesNotStopTheNodeFromRecordingChanges()
    {
        string prefix = $"l{Guid.NewGuid():N}"[..10] + ":";
        await using var node = cluster.NewNode(new() { ["Leaderboards:Redis:KeyPrefix"] = prefix });
        var admin = node.Admin();
        string first = Ids.Board(), second = Ids.Board();
        await admin.CreateBoardAsync(first);
        // What a master that dies before replicating its last append leaves: the stream without that record.
        string stream = $"{prefix}{{catalog}}";
        var last = await cluster.Cluster.Client.ExecuteKeyedAsync("XREVRANGE", [stream, "+", "-", "COUNT", 1]);
        await cluster.Cluster.Client.ExecuteKeyedAsync("XDEL", [stream, last.Items[0].Items[0].ToString()!]);

        var created = await admin.PutAsync($"/api/v1/boards/{second}", "{}");
        Assert.Equal(HttpStatusCode.Created, created.Status);
        await using var fresh = cluster.NewNode(new() { ["Leaderboards:Redis:KeyPrefix"] = prefix });
        Assert.Equal(HttpStatusCode.OK, (await fresh.Admin().GetAsync($"/api/v1/boards/{second}")).Status);
    }
}
