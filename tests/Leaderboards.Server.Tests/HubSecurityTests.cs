using System.Net;
using Leaderboards.Server.Tests.Support;

namespace Leaderboards.Server.Tests;

public sealed class HubSecurityTests(ServerFactory server) : IClassFixture<ServerFactory>
{
    private readonly ApiClient _admin = server.Admin();

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
