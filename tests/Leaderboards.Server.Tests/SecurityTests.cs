using System.Net;
using Leaderboards.Server.Tests.Support;

namespace Leaderboards.Server.Tests;

public sealed class SecurityTests(ServerFactory server) : IClassFixture<ServerFactory>
{
    private readonly ApiClient _admin = server.Admin();

    private async Task<string> CreateKeyAsync(string role)
    {
        var reply = await _admin.PostAsync("/api/v1/admin/keys", $$"""{"name":"{{role}} key","role":"{{role}}"}""");
        Assert.Equal(HttpStatusCode.Created, reply.Status);
        Assert.Equal(role, (string?)reply.Json["role"]);
        return (string)reply.Json["key"]!;
    }

    [Fact]
    public async Task NoKey_Is401_WithProblemAndChallenge()
    {
        string id = Ids.Board();
        await _admin.CreateBoardAsync(id);
        var anonymous = server.Anonymous();
        (await anonymous.GetAsync($"/api/v1/boards/{id}/top")).AssertProblem(HttpStatusCode.Unauthorized);
        (await anonymous.PostAsync($"/api/v1/boards/{id}/scores", """{"playerId":"p","score":1}""")).AssertProblem(HttpStatusCode.Unauthorized);
        (await anonymous.GetAsync("/api/v1/boards")).AssertProblem(HttpStatusCode.Unauthorized);
        (await anonymous.PutAsync($"/api/v1/boards/{Ids.Board()}", "{}")).AssertProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task WrongKey_Is401()
    {
        string id = Ids.Board();
        await _admin.CreateBoardAsync(id, """{"publicRead":true}""");
        var wrong = server.Client("lbk_not-a-real-key");
        var reply = await wrong.GetAsync($"/api/v1/boards/{id}/top");
        Assert.Contains("not valid", (string?)reply.AssertProblem(HttpStatusCode.Unauthorized)["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoDifferentKeys_Are401_TheSameKeyTwiceIsAccepted()
    {
        string id = Ids.Board();
        await _admin.CreateBoardAsync(id);
        string reader = await CreateKeyAsync("reader");
        using var http = server.CreateClient();

        var (different, _) = await RawRequest.SendAsync(http, HttpMethod.Get, $"/api/v1/boards/{id}/top",
            ("Authorization", "Bearer " + ServerFactory.AdminKey), ("X-Api-Key", reader));
        different.AssertProblem(HttpStatusCode.Unauthorized);
        var (same, _) = await RawRequest.SendAsync(http, HttpMethod.Get, $"/api/v1/boards/{id}/top",
            ("Authorization", "Bearer " + reader), ("X-Api-Key", reader));
        Assert.Equal(HttpStatusCode.OK, same.Status);
    }

    [Fact]
    public async Task Reader_CanRead_ButNotWriteOrAdminister()
    {
        string id = Ids.Board();
        await _admin.CreateBoardAsync(id);
        await _admin.SubmitAsync(id, "p", 1);
        var reader = server.Client(await CreateKeyAsync("reader"));
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/api/v1/boards/{id}/top")).Status);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/v1/boards")).Status);
        (await reader.PostAsync($"/api/v1/boards/{id}/scores", """{"playerId":"p","score":2}""")).AssertProblem(HttpStatusCode.Forbidden);
        (await reader.DeleteAsync($"/api/v1/boards/{id}/players/p")).AssertProblem(HttpStatusCode.Forbidden);
        (await reader.PutAsync($"/api/v1/boards/{id}", "{}")).AssertProblem(HttpStatusCode.Forbidden);
        (await reader.GetAsync("/api/v1/admin/keys")).AssertProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Writer_CanWriteAndRead_ButNotAdminister()
    {
        string id = Ids.Board();
        await _admin.CreateBoardAsync(id);
        var writer = server.Client(await CreateKeyAsync("writer"));
        await writer.SubmitAsync(id, "p", 1);
        Assert.Equal(HttpStatusCode.OK, (await writer.GetAsync($"/api/v1/boards/{id}/players/p?consistency=strong")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await writer.DeleteAsync($"/api/v1/boards/{id}/players/p")).Status);
        (await writer.DeleteAsync($"/api/v1/boards/{id}")).AssertProblem(HttpStatusCode.Forbidden);
        (await writer.DeleteAsync("/api/v1/players/p")).AssertProblem(HttpStatusCode.Forbidden);
        (await writer.PostAsync("/api/v1/admin/keys", """{"name":"x","role":"admin"}""")).AssertProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task XApiKeyHeader_Works()
    {
        string id = Ids.Board();
        await _admin.CreateBoardAsync(id);
        var client = server.Anonymous();
        client.Http.DefaultRequestHeaders.Add("X-Api-Key", ServerFactory.AdminKey);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/boards/{id}/top")).Status);
    }

    [Fact]
    public async Task PublicReadBoard_AnswersReadsWithoutKey_ButNotWrites()
    {
        string open = Ids.Board(), closed = Ids.Board();
        await _admin.CreateBoardAsync(open, """{"publicRead":true}""");
        await _admin.CreateBoardAsync(closed);
        await _admin.SubmitAsync(open, "p", 1);
        var anonymous = server.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/api/v1/boards/{open}/top")).Status);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/api/v1/boards/{open}/players/p?consistency=strong")).Status);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/api/v1/boards/{open}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsync($"/api/v1/boards/{open}/players/query", """{"playerIds":["p"]}""")).Status);
        (await anonymous.PostAsync($"/api/v1/boards/{open}/scores", """{"playerId":"p","score":2}""")).AssertProblem(HttpStatusCode.Unauthorized);
        (await anonymous.GetAsync($"/api/v1/boards/{closed}/top")).AssertProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Keys_AreListedWithoutSecrets_StoredHashed_AndRevocable()
    {
        var created = (await _admin.PostAsync("/api/v1/admin/keys", """{"name":"game backend","role":"writer"}""")).Json;
        string keyId = (string)created["id"]!, secret = (string)created["key"]!;

        var list = await _admin.GetAsync("/api/v1/admin/keys");
        Assert.DoesNotContain(secret, list.Body, StringComparison.Ordinal);
        Assert.Contains(list.Json["keys"]!.AsArray(), k => (string?)k!["id"] == keyId && (string?)k["name"] == "game backend");
        foreach (string file in Directory.EnumerateFiles(server.DataDir, "*", SearchOption.AllDirectories))
            Assert.DoesNotContain(secret, await File.ReadAllTextAsync(file), StringComparison.Ordinal);

        string id = Ids.Board();
        await _admin.CreateBoardAsync(id);
        var writer = server.Client(secret);
        await writer.SubmitAsync(id, "p", 1);
        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync($"/api/v1/admin/keys/{keyId}")).Status);
        (await writer.PostAsync($"/api/v1/boards/{id}/scores", """{"playerId":"p","score":2}""")).AssertProblem(HttpStatusCode.Unauthorized);
        (await _admin.DeleteAsync($"/api/v1/admin/keys/{keyId}")).AssertProblem(HttpStatusCode.NotFound, "keyId");
    }

    [Theory]
    [InlineData("""{"name":"x","role":"owner"}""", "role")]
    [InlineData("""{"role":"reader"}""", "name")]
    [InlineData("""{"name":"  ","role":"reader"}""", "name")]
    [InlineData("""{"name":"x","role":"reader","permitsPerPeriod":-1}""", "permitsPerPeriod")]
    public async Task CreateKey_WithBadField_Is400(string json, string field)
    {
        (await _admin.PostAsync("/api/v1/admin/keys", json)).AssertProblem(HttpStatusCode.BadRequest, field);
    }
}

/// <summary>Credentials as they arrive over a real socket, where an empty header survives and a trailing space does not.</summary>
public sealed class WireCredentialTests(KestrelServerFactory server) : IClassFixture<KestrelServerFactory>
{
    private readonly ApiClient _admin = server.Admin();

    [Theory]
    [InlineData("Authorization", "Basic eDp5")]
    [InlineData("Authorization", "Bearer ")]
    [InlineData("Authorization", "Bearer lbk_not-a-real-key")]
    [InlineData("Authorization", "lbk_not-a-real-key")]
    [InlineData("X-Api-Key", "")]
    [InlineData("X-Api-Key", "lbk_not-a-real-key")]
    public async Task AnyCredentialThatIsNotAValidKey_Is401_EvenOnAPublicBoard(string header, string value)
    {
        string id = Ids.Board();
        await _admin.CreateBoardAsync(id, """{"publicRead":true}""");
        using var http = server.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await RawRequest.SendAsync(http, HttpMethod.Get, $"/api/v1/boards/{id}/top")).Reply.Status);

        var (reply, challenge) = await RawRequest.SendAsync(http, HttpMethod.Get, $"/api/v1/boards/{id}/top", (header, value));

        Assert.Contains("not valid", (string?)reply.AssertProblem(HttpStatusCode.Unauthorized)["detail"], StringComparison.Ordinal);
        Assert.Contains("invalid_token", challenge, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Authorization", "Basic eDp5")]
    [InlineData("Authorization", "Bearer ")]
    [InlineData("Authorization", "Bearer lbk_not-a-real-key")]
    [InlineData("X-Api-Key", "")]
    public async Task HubNegotiate_WithAWrongHeaderCredential_Is401(string header, string value)
    {
        using var http = server.CreateClient();
        const string negotiate = "/hubs/leaderboard/negotiate?negotiateVersion=1";
        Assert.Equal(HttpStatusCode.OK, (await RawRequest.SendAsync(http, HttpMethod.Post, negotiate)).Reply.Status);
        (await RawRequest.SendAsync(http, HttpMethod.Post, negotiate, (header, value))).Reply.AssertProblem(HttpStatusCode.Unauthorized);
    }
}

public sealed class RateLimitTests
{
    [Fact]
    public async Task KeyOverItsLimit_Gets429WithRetryAfter_OtherKeysDoNot()
    {
        await using var server = new ServerFactory(settings: new()
        {
            ["Leaderboards:RateLimits:PermitsPerPeriod"] = "1",
            ["Leaderboards:RateLimits:Burst"] = "5",
            ["Leaderboards:RateLimits:Period"] = "01:00:00",
        });
        var admin = server.Admin();
        string id = Ids.Board();
        await admin.CreateBoardAsync(id);
        var key = (string)(await admin.PostAsync("/api/v1/admin/keys", """{"name":"limited","role":"reader"}""")).Json["key"]!;
        var limited = server.Client(key);
        for (int i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.OK, (await limited.GetAsync($"/api/v1/boards/{id}/top")).Status);
        var refused = await limited.GetAsync($"/api/v1/boards/{id}/top");
        refused.AssertProblem(HttpStatusCode.TooManyRequests);
        Assert.NotNull(refused.RetryAfter);
        Assert.True(refused.RetryAfter > TimeSpan.Zero);

        var unlimited = (string)(await admin.PostAsync("/api/v1/admin/keys", """{"name":"unlimited","role":"reader","permitsPerPeriod":0}""")).Json["key"]!;
        Assert.Equal(HttpStatusCode.OK, (await server.Client(unlimited).GetAsync($"/api/v1/boards/{id}/top")).Status);
    }
}
