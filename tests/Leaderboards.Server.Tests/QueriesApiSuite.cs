using System.Net;
using Leaderboards.Server.Tests.Support;

namespace Leaderboards.Server.Tests;

public abstract class QueriesApiSuite(ServerFactory server)
{
    private readonly ApiClient _admin = server.Admin();

    /// <summary>40 players with scores 0, 10, ..., 390 on a 4-partition board: p39 leads, p0 is last.</summary>
    private async Task<string> SeededBoardAsync(string options = "{}")
    {
        string id = Ids.Board();
        await _admin.CreateBoardAsync(id, options);
        string entries = string.Join(",", Enumerable.Range(0, 40).Select(i => $$"""{"playerId":"p{{i}}","score":{{i * 10}}}"""));
        Assert.Equal(HttpStatusCode.OK, (await _admin.PostAsync($"/api/v1/boards/{id}/scores/batch", $$"""{"entries":[{{entries}}]}""")).Status);
        return id;
    }

    [Fact]
    public async Task Top_ReturnsLimitEntriesInRankOrderWithTotal()
    {
        string id = await SeededBoardAsync();
        var top = (await _admin.GetAsync($"/api/v1/boards/{id}/top?limit=5&consistency=strong")).Json;
        Assert.Equal(40, (long)top["total"]!);
        var entries = top["entries"]!.AsArray();
        Assert.Equal([1L, 2, 3, 4, 5], entries.Select(e => (long)e!["rank"]!));
        Assert.Equal(["p39", "p38", "p37", "p36", "p35"], entries.Select(e => (string?)e!["playerId"]));
        Assert.Equal(390, (long)entries[0]!["score"]!);

        var byDefault = (await _admin.GetAsync($"/api/v1/boards/{id}/top?consistency=strong")).Json;
        Assert.Equal(10, byDefault["entries"]!.AsArray().Count);
    }

    [Fact]
    public async Task Entries_PagesByRankOffset()
    {
        string id = await SeededBoardAsync();
        var page = (await _admin.GetAsync($"/api/v1/boards/{id}/entries?offset=37&limit=10&consistency=strong")).Json;
        Assert.Equal(37, (long)page["offset"]!);
        Assert.Equal([38L, 39, 40], page["entries"]!.AsArray().Select(e => (long)e!["rank"]!));
        Assert.Equal(["p2", "p1", "p0"], page["entries"]!.AsArray().Select(e => (string?)e!["playerId"]));
        var beyond = (await _admin.GetAsync($"/api/v1/boards/{id}/entries?offset=1000&consistency=strong")).Json;
        Assert.Empty(beyond["entries"]!.AsArray());
        var farthest = await _admin.GetAsync($"/api/v1/boards/{id}/entries?offset={long.MaxValue}&limit=1000");
        Assert.Equal(HttpStatusCode.OK, farthest.Status);
        Assert.Empty(farthest.Json["entries"]!.AsArray());
    }

    [Fact]
    public async Task Player_AnswersRankScoreAndPercentile()
    {
        string id = await SeededBoardAsync();
        var leader = (await _admin.GetAsync($"/api/v1/boards/{id}/players/p39?consistency=strong")).Json;
        Assert.Equal(1, (long)leader["rank"]!);
        Assert.Equal(100.0, (double)leader["percentile"]!);
        var last = (await _admin.GetAsync($"/api/v1/boards/{id}/players/p0?consistency=strong")).Json;
        Assert.Equal(40, (long)last["rank"]!);
        Assert.Equal(0, (long)last["score"]!);
        Assert.Equal(2.5, (double)last["percentile"]!);
        (await _admin.GetAsync($"/api/v1/boards/{id}/players/nobody?consistency=strong")).AssertProblem(HttpStatusCode.NotFound, "playerId");
    }

    [Fact]
    public async Task Around_ReturnsNeighboursAboveAndBelow()
    {
        string id = await SeededBoardAsync();
        var around = (await _admin.GetAsync($"/api/v1/boards/{id}/players/p20/around?count=2&consistency=strong")).Json;
        Assert.Equal(20, (long)around["player"]!["rank"]!);
        Assert.Equal(["p22", "p21", "p20", "p19", "p18"], around["entries"]!.AsArray().Select(e => (string?)e!["playerId"]));
        var top = (await _admin.GetAsync($"/api/v1/boards/{id}/players/p39/around?count=2&consistency=strong")).Json;
        Assert.Equal(["p39", "p38", "p37"], top["entries"]!.AsArray().Select(e => (string?)e!["playerId"]));
        (await _admin.GetAsync($"/api/v1/boards/{id}/players/nobody/around")).AssertProblem(HttpStatusCode.NotFound, "playerId");
    }

    [Fact]
    public async Task Query_ReturnsPresentPlayersInRankOrder()
    {
        string id = await SeededBoardAsync();
        var reply = await _admin.PostAsync($"/api/v1/boards/{id}/players/query?consistency=strong",
            """{"playerIds":["p3","nobody","p30","p3"]}""");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var entries = reply.Json["entries"]!.AsArray();
        Assert.Equal(["p30", "p3"], entries.Select(e => (string?)e!["playerId"]));
        Assert.Equal([10L, 37], entries.Select(e => (long)e!["rank"]!));
    }

    [Fact]
    public async Task Count_CountsScoresInRange()
    {
        string id = await SeededBoardAsync();
        Assert.Equal(40, (long)(await _admin.GetAsync($"/api/v1/boards/{id}/count?consistency=strong")).Json["count"]!);
        Assert.Equal(11, (long)(await _admin.GetAsync($"/api/v1/boards/{id}/count?min=100&max=200&consistency=strong")).Json["count"]!);
        Assert.Equal(30, (long)(await _admin.GetAsync($"/api/v1/boards/{id}/count?min=100&consistency=strong")).Json["count"]!);
    }

    [Fact]
    public async Task CompetitionRanks_ShareRankOnTies()
    {
        string id = Ids.Board();
        await _admin.CreateBoardAsync(id, """{"rankMode":"competition"}""");
        await _admin.SubmitAsync(id, "a", 10);
        await _admin.SubmitAsync(id, "b", 5);
        await _admin.SubmitAsync(id, "c", 5);
        await _admin.SubmitAsync(id, "d", 1);
        var top = (await _admin.GetAsync($"/api/v1/boards/{id}/top?consistency=strong")).Json;
        Assert.Equal([1L, 2, 2, 4], top["entries"]!.AsArray().Select(e => (long)e!["rank"]!));
    }

    [Fact]
    public async Task EventualReads_FromReplicas_CatchUp()
    {
        string id = await SeededBoardAsync("""{"replicas":2}""");
        // Replicas follow asynchronously; a strong read must already see everything.
        Assert.Equal(40, (long)(await _admin.GetAsync($"/api/v1/boards/{id}/count?consistency=strong")).Json["count"]!);
        var board = (await _admin.GetAsync($"/api/v1/boards/{id}")).Json;
        Assert.Equal(server.ReportedReplicas(2), (int)board["replicas"]!);
        Assert.NotNull(board["replicaLag"]!["maxOperations"]);
    }

    [Theory]
    [InlineData("top?limit=0", "limit")]
    [InlineData("top?limit=1001", "limit")]
    [InlineData("top?limit=ten", "limit")]
    [InlineData("top?limit=1&limit=2", "limit")]
    [InlineData("top?consistency=linearizable", "consistency")]
    [InlineData("entries?offset=-1", "offset")]
    [InlineData("entries?limit=0", "limit")]
    [InlineData("entries?offset=x", "offset")]
    [InlineData("players/p1/around?count=0", "count")]
    [InlineData("players/p1/around?count=101", "count")]
    [InlineData("count?min=abc", "min")]
    [InlineData("count?max=99999999999999999999", "max")]
    [InlineData("count?min=10&max=1", "min")]
    public async Task Reads_WithBadParameters_Are400NamingThem(string query, string field)
    {
        string id = await SeededBoardAsync();
        (await _admin.GetAsync($"/api/v1/boards/{id}/{query}")).AssertProblem(HttpStatusCode.BadRequest, field);
    }

    [Theory]
    [InlineData("""{"playerIds":"p1"}""", "playerIds")]
    [InlineData("""{"playerIds":[1]}""", "playerIds[0]")]
    [InlineData("""{"playerIds":["ok",null]}""", "playerIds[1]")]
    [InlineData("""{}""", "playerIds")]
    public async Task Query_WithBadIds_Is400(string json, string field)
    {
        string id = await SeededBoardAsync();
        (await _admin.PostAsync($"/api/v1/boards/{id}/players/query", json)).AssertProblem(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task Query_OfMoreThan1000_Is400()
    {
        string id = await SeededBoardAsync();
        string ids = string.Join(",", Enumerable.Range(0, 1001).Select(i => $"\"p{i}\""));
        (await _admin.PostAsync($"/api/v1/boards/{id}/players/query", $$"""{"playerIds":[{{ids}}]}"""))
            .AssertProblem(HttpStatusCode.BadRequest, "playerIds");
    }
}
