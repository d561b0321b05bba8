using System.Net;
using System.Text.Json.Nodes;
using Leaderboards.Server.Tests.Support;

namespace Leaderboards.Server.Tests;

public abstract class HubSecuritySuite(ServerFactory server)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private readonly ApiClient _admin = server.Admin();

    private static string[] Players(JsonNode top) => [.. top["entries"]!.AsArray().Select(e => (string)e!["playerId"]!)];

    private async Task<(string Id, string Secret)> CreateKeyAsync(string role)
    {
        var created = await _admin.PostAsync("/api/v1/admin/keys", $$"""{"name":"live {{role}}","role":"{{role}}"}""");
        Assert.Equal(HttpStatusCode.Created, created.Status);
        return ((string)created.Json["id"]!, (string)created.Json["key"]!);
    }

    [Theory]
    [InlineData("writer")]
    [InlineData("reader")]
    public async Task RevokingAKey_EndsItsLiveSubscriptions_ClosesTheConnection_AndRefusesTheKey(string role)
    {
        string closed = Ids.Board(), open = Ids.Board();
        await _admin.CreateBoardAsync(closed);
        await _admin.CreateBoardAsync(open, """{"publicRead":true}""");
        await _admin.SubmitAsync(closed, "a", 10);
        var (keyId, secret) = await CreateKeyAsync(role);

        await using var revoked = await HubClient.ConnectAsync(server, secret);
        Assert.Null((await revoked.InvokeAsync("SubscribeTop", closed, 10))["error"]);
        Assert.Equal(["a"], Players(await revoked.NextAsync("TopChanged", Timeout)));
        Assert.Null((await revoked.InvokeAsync("SubscribePlayer", closed, "a"))["error"]);
        await revoked.NextAsync("RankChanged", Timeout);
        Assert.Null((await revoked.InvokeAsync("SubscribeTop", open, 10))["error"]);
        await revoked.NextAsync("TopChanged", Timeout);
        // Another subscriber on the same board shows when a change has been published.
        await using var control = await HubClient.ConnectAsync(server, ServerFactory.AdminKey);
        Assert.Null((await control.InvokeAsync("SubscribeTop", closed, 10))["error"]);
        await control.NextAsync("TopChanged", Timeout);

        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync($"/api/v1/admin/keys/{keyId}")).Status);
        await _admin.SubmitAsync(closed, "b", 20);
        await control.WaitForAsync("TopChanged", t => Players(t) is ["b", "a"], Timeout);

        await revoked.ClosedAsync(Timeout);
        var received = revoked.DrainAll();
        Assert.DoesNotContain(received, m => m.Target == "TopChanged" && Players(m.Argument).Contains("b"));
        Assert.DoesNotContain(received, m => m.Target == "RankChanged" && (long?)m.Argument["rank"] == 2);
        var ended = received.Where(m => m.Target == "SubscriptionEnded").Select(m => m.Argument).ToList();
        Assert.Equal(new[] { closed, open }.Order(StringComparer.Ordinal), ended.Select(m => (string)m["boardId"]!).Order(StringComparer.Ordinal));
        Assert.All(ended, m =>
        {
            Assert.Equal("key-revoked", (string?)m["reason"]);
            Assert.Contains("revoked", (string?)m["detail"], StringComparison.Ordinal);
        });

        // The key no longer opens a connection, so no new subscription can be made with it.
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => HubClient.ConnectAsync(server, secret));
        Assert.Contains("401", refused.Message, StringComparison.Ordinal);
        var negotiate = await NegotiateAsync($"?access_token={Uri.EscapeDataString(secret)}");
        Assert.Contains("not valid", (string?)negotiate.AssertProblem(HttpStatusCode.Unauthorized)["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevokingAKey_LeavesOtherKeysAndAnonymousConnections_Alone()
    {
        string open = Ids.Board();
        await _admin.CreateBoardAsync(open, """{"publicRead":true}""");
        var (keyId, _) = await CreateKeyAsync("reader");
        var (_, other) = await CreateKeyAsync("reader");
        await using var anonymous = await HubClient.ConnectAsync(server);
        await using var keyed = await HubClient.ConnectAsync(server, other);
        foreach (var hub in new[] { anonymous, keyed })
        {
            Assert.Null((await hub.InvokeAsync("SubscribeTop", open, 10))["error"]);
            await hub.NextAsync("TopChanged", Timeout);
        }

        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync($"/api/v1/admin/keys/{keyId}")).Status);
        await _admin.SubmitAsync(open, "x", 1);

        foreach (var hub in new[] { anonymous, keyed })
        {
            await hub.WaitForAsync("TopChanged", t => Players(t) is ["x"], Timeout);
            Assert.Empty(hub.Drain("SubscriptionEnded"));
            Assert.True(hub.IsOpen);
        }
    }

    [Theory]
    [InlineData("lbk_not-a-real-key")]
    [InlineData("")]
    public async Task HubConnect_WithAWrongAccessToken_IsRefusedWith401_EvenForPublicBoards(string token)
    {
        string open = Ids.Board();
        await _admin.CreateBoardAsync(open, """{"publicRead":true}""");

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => HubClient.ConnectAsync(server, token));
        Assert.Contains("401", refused.Message, StringComparison.Ordinal);
        (await NegotiateAsync($"?access_token={Uri.EscapeDataString(token)}")).AssertProblem(HttpStatusCode.Unauthorized);

        await using var anonymous = await HubClient.ConnectAsync(server);
        Assert.Null((await anonymous.InvokeAsync("SubscribeTop", open, 10))["error"]);
        Assert.Equal(HttpStatusCode.OK, (await NegotiateAsync("")).Status);
    }

    private async Task<Reply> NegotiateAsync(string query)
    {
        using var http = server.CreateClient();
        return (await RawRequest.SendAsync(http, HttpMethod.Post, $"/hubs/leaderboard/negotiate{(query.Length == 0 ? "?" : query + "&")}negotiateVersion=1")).Reply;
    }
}
