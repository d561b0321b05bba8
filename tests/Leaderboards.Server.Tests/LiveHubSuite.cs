using Leaderboards.Server.Tests.Support;

namespace Leaderboards.Server.Tests;

public abstract class LiveHubSuite(ServerFactory server)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private readonly ApiClient _admin = server.Admin();

    private static string[] Players(System.Text.Json.Nodes.JsonNode top) =>
        [.. top["entries"]!.AsArray().Select(e => (string)e!["playerId"]!)];

    [Fact]
    public async Task SubscribeTop_SendsTheStateAtOnce_ThenChanges()
    {
        string id = Ids.Board();
        await _admin.CreateBoardAsync(id);
        await _admin.SubmitAsync(id, "a", 10);
        await using var hub = await HubClient.ConnectAsync(server, ServerFactory.AdminKey);

        var subscribed = await hub.InvokeAsync("SubscribeTop", id, 3);
        Assert.Null(subscribed["error"]);
        var first = await hub.NextAsync("TopChanged", Timeout);
        Assert.Equal(id, (string?)first["boardId"]);
        Assert.Equal(["a"], Players(first));

        await _admin.SubmitAsync(id, "b", 20);
        var moved = await hub.WaitForAsync("TopChanged", t => Players(t) is ["b", "a"], Timeout);
        Assert.Equal(2, (long)moved["total"]!);
        Assert.Equal(1, (long)moved["entries"]![0]!["rank"]!);
    }

    [Fact]
    public async Task ABurstOfWrites_IsCoalesced_AndTheLastStateIsCurrent()
    {
        string id = Ids.Board();
        await _admin.CreateBoardAsync(id);
        await using var hub = await HubClient.ConnectAsync(server, ServerFactory.AdminKey);
        await hub.InvokeAsync("SubscribeTop", id, 5);
        await hub.NextAsync("TopChanged", Timeout);

        // 200 single writes: far more than the number of 100 ms intervals they span.
        for (int i = 0; i < 200; i++)
            await _admin.SubmitAsync(id, $"p{i}", i);
        var last = await hub.WaitForAsync("TopChanged", t => (long)t["total"]! == 200 && Players(t)[0] == "p199", Timeout);
        Assert.Equal(["p199", "p198", "p197", "p196", "p195"], Players(last));
        int received = hub.Drain("TopChanged").Count;
        Assert.True(received < 100, $"{received} messages for 200 writes: not coalesced");
    }

    [Fact]
    public async Task SubscribePlayer_TellsWhenOvertaken_AndByWhom()
    {
        string id = Ids.Board();
        await _admin.CreateBoardAsync(id);
        await _admin.SubmitAsync(id, "me", 50);
        await using var hub = await HubClient.ConnectAsync(server, ServerFactory.AdminKey);
        Assert.Null((await hub.InvokeAsync("SubscribePlayer", id, "me"))["error"]);
        var now = await hub.NextAsync("RankChanged", Timeout);
        Assert.Equal(1, (long)now["rank"]!);

        await _admin.SubmitAsync(id, "rival", 60);
        var overtaken = await hub.WaitForAsync("RankChanged", r => (long?)r["rank"] == 2, Timeout);
        Assert.Equal(1, (long)overtaken["previousRank"]!);
        Assert.Equal(["rival"], overtaken["overtakenBy"]!.AsArray().Select(n => (string)n!));
    }

    [Fact]
    public async Task InvalidSubscriptions_AreHubErrors_AndTheConnectionStays()
    {
        string closed = Ids.Board(), open = Ids.Board();
        await _admin.CreateBoardAsync(closed);
        await _admin.CreateBoardAsync(open, """{"publicRead":true}""");
        await using var anonymous = await HubClient.ConnectAsync(server);

        Assert.Contains("reader key", (string?)(await anonymous.InvokeAsync("SubscribeTop", closed, 10))["error"], StringComparison.Ordinal);
        Assert.Contains("no board", (string?)(await anonymous.InvokeAsync("SubscribeTop", "missing-board", 10))["error"], StringComparison.Ordinal);
        Assert.Contains("limit", (string?)(await anonymous.InvokeAsync("SubscribeTop", open, 0))["error"], StringComparison.Ordinal);
        Assert.Contains("limit", (string?)(await anonymous.InvokeAsync("SubscribeTop", open, 101))["error"], StringComparison.Ordinal);
        Assert.NotNull((await anonymous.InvokeAsync("SubscribePlayer", open, ""))["error"]);

        Assert.Null((await anonymous.InvokeAsync("SubscribeTop", open, 10))["error"]);
        Assert.True(anonymous.IsOpen);

        await using var reader = await HubClient.ConnectAsync(server, ServerFactory.AdminKey);
        Assert.Null((await reader.InvokeAsync("SubscribeTop", closed, 10))["error"]);
    }

    [Fact]
    public async Task Unsubscribe_StopsMessages()
    {
        string id = Ids.Board();
        await _admin.CreateBoardAsync(id);
        await using var hub = await HubClient.ConnectAsync(server, ServerFactory.AdminKey);
        await hub.InvokeAsync("SubscribeTop", id, 3);
        await hub.NextAsync("TopChanged", Timeout);
        await hub.InvokeAsync("Unsubscribe", id);

        // A second subscriber on the same board sees the change, so the interval has passed for both.
        await using var other = await HubClient.ConnectAsync(server, ServerFactory.AdminKey);
        await other.InvokeAsync("SubscribeTop", id, 3);
        await other.NextAsync("TopChanged", Timeout);
        await _admin.SubmitAsync(id, "x", 1);
        await other.WaitForAsync("TopChanged", t => Players(t) is ["x"], Timeout);
        // A message already on its way when unsubscribing may still arrive; none may carry the later change.
        Assert.DoesNotContain(hub.Drain("TopChanged"), t => Players(t).Contains("x"));
    }
}
