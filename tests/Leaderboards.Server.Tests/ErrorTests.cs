using System.Net;
using Leaderboards.Server.Tests.Support;

namespace Leaderboards.Server.Tests;

public sealed class ErrorTests(ServerFactory server) : IClassFixture<ServerFactory>
{
    private readonly ApiClient _admin = server.Admin();

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/xml")]
    public async Task WrongContentType_Is415(string contentType)
    {
        string id = Ids.Board();
        await _admin.CreateBoardAsync(id);
        var reply = await _admin.SendAsync(HttpMethod.Post, $"/api/v1/boards/{id}/scores", """{"playerId":"p","score":1}""", contentType);
        var problem = reply.AssertProblem(HttpStatusCode.UnsupportedMediaType);
        Assert.Equal("urn:leaderboards:problem:unsupported-media-type", (string?)problem["type"]);
    }

    [Fact]
    public async Task WrongContentType_OnEveryJsonEndpoint_IsTheSameProblem()
    {
        string id = Ids.Board();
        await _admin.CreateBoardAsync(id);
        foreach (var (method, path) in new[]
        {
            (HttpMethod.Post, "/api/v1/scores"), (HttpMethod.Post, $"/api/v1/boards/{id}/scores/batch"),
            (HttpMethod.Put, $"/api/v1/boards/{id}"), (HttpMethod.Post, "/api/v1/admin/keys"),
            (HttpMethod.Post, $"/api/v1/boards/{id}/players/query"), (HttpMethod.Post, $"/api/v1/boards/{id}/import"),
        })
        {
            var reply = await _admin.SendAsync(method, path, "x", "text/plain");
            var problem = reply.AssertProblem(HttpStatusCode.UnsupportedMediaType);
            Assert.Equal("urn:leaderboards:problem:unsupported-media-type", (string?)problem["type"]);
        }
    }

    [Fact]
    public async Task MissingBody_Is400()
    {
        string id = Ids.Board();
        await _admin.CreateBoardAsync(id);
        (await _admin.PostAsync($"/api/v1/boards/{id}/scores", "")).AssertProblem(HttpStatusCode.BadRequest, "body");
    }

    [Fact]
    public async Task UnknownRoute_Is404Problem()
    {
        var reply = await _admin.GetAsync("/api/v1/no-such-thing");
        reply.AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task WrongMethod_Is405Problem()
    {
        var reply = await _admin.SendAsync(HttpMethod.Patch, "/api/v1/boards/x", "{}");
        reply.AssertProblem(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task UnknownBoard_IsNamedInThe404()
    {
        var reply = await _admin.GetAsync("/api/v1/boards/nowhere/players/p");
        Assert.Contains("nowhere", (string?)reply.AssertProblem(HttpStatusCode.NotFound, "boardId")["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Problems_HaveStableTypes()
    {
        var reply = await _admin.GetAsync("/api/v1/boards/nowhere/top");
        Assert.Equal("urn:leaderboards:problem:board-not-found", (string?)reply.Json["type"]);
    }
}

public sealed class BodyLimitTests
{
    [Fact]
    public async Task BodyOverTheLimit_Is413_AndStoresNothing()
    {
        await using var server = new ServerFactory(settings: new() { ["Leaderboards:MaxRequestBodyBytes"] = "2048" });
        var admin = server.Admin();
        string id = Ids.Board();
        await admin.CreateBoardAsync(id);
        string entries = string.Join(",", Enumerable.Range(0, 100).Select(i => $$"""{"playerId":"p{{i}}","score":{{i}}}"""));
        (await admin.PostAsync($"/api/v1/boards/{id}/scores/batch", $$"""{"entries":[{{entries}}]}""")).AssertProblem(HttpStatusCode.RequestEntityTooLarge);

        // Without a Content-Length the limit is enforced while reading.
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/boards/{id}/scores/batch")
        {
            Content = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes($$"""{"entries":[{{entries}}]}"""))),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Content.Headers.ContentLength = null;
        request.Headers.TransferEncodingChunked = true;
        using var response = await admin.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);

        Assert.Equal(0, (long)(await admin.GetAsync($"/api/v1/boards/{id}/count?consistency=strong")).Json["count"]!);
    }
}
