using System.Net;
using Leaderboards.Server.Tests.Support;

namespace Leaderboards.Server.Tests;

public abstract class TransferApiSuite(ServerFactory server)
{
    private readonly ApiClient _admin = server.Admin();

    [Fact]
    public async Task Export_ThenImport_MovesEveryEntryToAnotherBoard()
    {
        string from = Ids.Board(), to = Ids.Board();
        await _admin.CreateBoardAsync(from, """{"partitions":3}""");
        await _admin.CreateBoardAsync(to, """{"partitions":2}""");
        string entries = string.Join(",", Enumerable.Range(0, 2500).Select(i =>
            i % 100 == 0 ? $$$"""{"playerId":"p{{{i}}}","score":{{{i * 7919 % 5003}}},"subscore":{{{i % 5}}},"metadata":{"i":{{{i}}}}}"""
                         : $$"""{"playerId":"p{{i}}","score":{{i * 7919 % 5003}},"subscore":{{i % 5}}}"""));
        Assert.Equal(HttpStatusCode.OK, (await _admin.PostAsync($"/api/v1/boards/{from}/scores/batch", $$"""{"entries":[{{entries}}]}""")).Status);

        var export = await _admin.GetAsync($"/api/v1/boards/{from}/export?consistency=strong");
        Assert.Equal(HttpStatusCode.OK, export.Status);
        Assert.Equal("application/x-ndjson", export.MediaType);
        string[] lines = export.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2500, lines.Length);

        var import = await _admin.SendAsync(HttpMethod.Post, $"/api/v1/boards/{to}/import", export.Body, "application/x-ndjson");
        Assert.Equal(HttpStatusCode.OK, import.Status);
        Assert.Equal(2500, (long)import.Json["imported"]!);

        static string Scores(Reply page) => string.Join(";", page.Json["entries"]!.AsArray().Select(e => $"{e!["playerId"]}={e["score"]}/{e["subscore"]}{e["metadata"]?.ToJsonString()}"));
        var source = await _admin.GetAsync($"/api/v1/boards/{from}/entries?limit=1000&offset=700&consistency=strong");
        var target = await _admin.GetAsync($"/api/v1/boards/{to}/entries?limit=1000&offset=700&consistency=strong");
        Assert.Equal(Scores(source), Scores(target));
    }

    [Fact]
    public async Task Import_WithABadLine_NamesIt()
    {
        string id = Ids.Board();
        await _admin.CreateBoardAsync(id);
        var reply = await _admin.SendAsync(HttpMethod.Post, $"/api/v1/boards/{id}/import",
            "{\"playerId\":\"a\",\"score\":1}\n\n{\"playerId\":\"b\",\"score\":1.5}\n", "application/x-ndjson");
        reply.AssertProblem(HttpStatusCode.BadRequest, "line 3");
        Assert.Equal(0, (long)(await _admin.GetAsync($"/api/v1/boards/{id}/count?consistency=strong")).Json["count"]!);
        (await _admin.SendAsync(HttpMethod.Post, $"/api/v1/boards/{id}/import", "x", "text/csv")).AssertProblem(HttpStatusCode.UnsupportedMediaType);
    }
}
