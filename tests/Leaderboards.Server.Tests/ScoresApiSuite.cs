using System.Net;
using Leaderboards.Server.Tests.Support;

namespace Leaderboards.Server.Tests;

public abstract class ScoresApiSuite(ServerFactory server)
{
    private readonly ApiClient _admin = server.Admin();

    [Fact]
    public async Task Submit_AnswersRankPreviousRankAndImproved()
    {
        string id = Ids.Board();
        await _admin.CreateBoardAsync(id);
        var first = await _admin.SubmitAsync(id, "alice", 100);
        Assert.Equal("alice", (string?)first["playerId"]);
        Assert.Equal(100, (long)first["score"]!);
        Assert.Equal(0, (long)first["subscore"]!);
        Assert.Equal(1, (long)first["rank"]!);
        Assert.Null(first["previousRank"]);
        Assert.True((bool)first["improved"]!);

        var bob = await _admin.SubmitAsync(id, "bob", 200, subscore: 7);
        Assert.Equal(1, (long)bob["rank"]!);
        Assert.Equal(7, (long)bob["subscore"]!);

        var worse = await _admin.SubmitAsync(id, "alice", 50);
        Assert.Equal(2, (long)worse["rank"]!);
        Assert.Equal(2, (long)worse["previousRank"]!);
        Assert.False((bool)worse["improved"]!);
        Assert.Equal(100, (long)worse["score"]!);

        var better = await _admin.SubmitAsync(id, "alice", 300);
        Assert.Equal(1, (long)better["rank"]!);
        Assert.Equal(2, (long)better["previousRank"]!);
        Assert.True((bool)better["improved"]!);
    }

    [Theory]
    [InlineData(long.MaxValue)]
    [InlineData(long.MinValue)]
    [InlineData(9007199254740993)] // 2^53 + 1: not representable as a double
    public async Task Submit_Int64Scores_RoundTripExactly(long score)
    {
        string id = Ids.Board();
        await _admin.CreateBoardAsync(id);
        await _admin.PostAsync($"/api/v1/boards/{id}/scores", $$"""{"playerId":"p","score":{{score}},"subscore":{{score}}}""");
        var player = await _admin.GetAsync($"/api/v1/boards/{id}/players/p?consistency=strong");
        Assert.Contains($"\"score\":{score},", player.Body, StringComparison.Ordinal);
        Assert.Contains($"\"subscore\":{score},", player.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_KeepsMetadataAsSent()
    {
        string id = Ids.Board();
        await _admin.CreateBoardAsync(id);
        await _admin.PostAsync($"/api/v1/boards/{id}/scores", """{"playerId":"p","score":1,"metadata":{ "car": "red", "laps": [1, 2] }}""");
        var top = await _admin.GetAsync($"/api/v1/boards/{id}/top?consistency=strong");
        Assert.Contains("""
            "metadata":{"car":"red","laps":[1,2]}
            """, top.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"score":1}""", "playerId")]
    [InlineData("""{"playerId":"p"}""", "score")]
    [InlineData("""{"playerId":"p","score":null}""", "score")]
    [InlineData("""{"playerId":"p","score":"12"}""", "score")]
    [InlineData("""{"playerId":"p","score":1.5}""", "score")]
    [InlineData("""{"playerId":"p","score":1e3}""", "score")]
    [InlineData("""{"playerId":"p","score":9223372036854775808}""", "score")]
    [InlineData("""{"playerId":"p","score":true}""", "score")]
    [InlineData("""{"playerId":"p","score":1,"subscore":"x"}""", "subscore")]
    [InlineData("""{"playerId":"","score":1}""", "playerId")]
    [InlineData("""{"playerId":"a\u0001b","score":1}""", "playerId")]
    [InlineData("""{"playerId":7,"score":1}""", "playerId")]
    [InlineData("""{"playerId":"p","score":1,"metadata":[1,2]}""", "metadata")]
    [InlineData("""{"playerId":"p","score":1,"metadata":"text"}""", "metadata")]
    [InlineData("""{"playerId":"p","score":1,"extra":1}""", "extra")]
    [InlineData("""{"playerId":"p","score":-1}""", "score")]
    [InlineData("""{"playerId":"p","score":1001}""", "score")]
    [InlineData("""[1,2]""", "body")]
    [InlineData("""null""", "body")]
    [InlineData("""{"playerId":"p","score":1""", "score")]
    public async Task Submit_WithBadField_Is400NamingItAndStoresNothing(string json, string field)
    {
        string id = Ids.Board();
        await _admin.CreateBoardAsync(id, """{"minScore":0,"maxScore":1000}""");
        (await _admin.PostAsync($"/api/v1/boards/{id}/scores", json)).AssertProblem(HttpStatusCode.BadRequest, field);
        Assert.Equal(0, (long)(await _admin.GetAsync($"/api/v1/boards/{id}/count?consistency=strong")).Json["count"]!);
    }

    [Fact]
    public async Task Submit_PlayerIdOf129Bytes_Is400_And128Bytes_IsAccepted()
    {
        string id = Ids.Board();
        await _admin.CreateBoardAsync(id);
        (await _admin.PostAsync($"/api/v1/boards/{id}/scores", $$"""{"playerId":"{{new string('x', 129)}}","score":1}"""))
            .AssertProblem(HttpStatusCode.BadRequest, "playerId");
        await _admin.SubmitAsync(id, new string('x', 128), 1);
    }

    [Fact]
    public async Task Submit_MetadataOver1KiB_Is400()
    {
        string id = Ids.Board();
        await _admin.CreateBoardAsync(id);
        string big = new('m', 1100);
        (await _admin.PostAsync($"/api/v1/boards/{id}/scores", $$$"""{"playerId":"p","score":1,"metadata":{"note":"{{{big}}}"}}"""))
            .AssertProblem(HttpStatusCode.BadRequest, "metadata");
    }

    [Fact]
    public async Task Submit_ToUnknownBoard_Is404()
    {
        (await _admin.PostAsync($"/api/v1/boards/{Ids.Board("missing")}/scores", """{"playerId":"p","score":1}"""))
            .AssertProblem(HttpStatusCode.NotFound, "boardId");
    }

    [Fact]
    public async Task Batch_AppliesAllAndAnswersEachRank()
    {
        string id = Ids.Board();
        await _admin.CreateBoardAsync(id, """{"partitions":3}""");
        string entries = string.Join(",", Enumerable.Range(0, 100).Select(i => $$"""{"playerId":"p{{i}}","score":{{i}}}"""));
        var reply = await _admin.PostAsync($"/api/v1/boards/{id}/scores/batch", $$"""{"entries":[{{entries}}]}""");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(100, (int)reply.Json["count"]!);
        Assert.Equal(100, reply.Json["entries"]!.AsArray().Count);
        Assert.All(reply.Json["entries"]!.AsArray(), e => Assert.Equal("all", (string?)e!["season"]));
        var top = (await _admin.GetAsync($"/api/v1/boards/{id}/top?limit=3&consistency=strong")).Json;
        Assert.Equal(100, (long)top["total"]!);
        Assert.Equal(["p99", "p98", "p97"], top["entries"]!.AsArray().Select(e => (string?)e!["playerId"]));
    }

    [Fact]
    public async Task Batch_WithOneBadEntry_IsRejectedWhole_NamingItsIndex()
    {
        string id = Ids.Board();
        await _admin.CreateBoardAsync(id, """{"maxScore":100}""");
        var reply = await _admin.PostAsync($"/api/v1/boards/{id}/scores/batch",
            """{"entries":[{"playerId":"a","score":1},{"playerId":"b","score":2},{"playerId":"c","score":101}]}""");
        reply.AssertProblem(HttpStatusCode.BadRequest, "entries[2].score");
        var typed = await _admin.PostAsync($"/api/v1/boards/{id}/scores/batch",
            """{"entries":[{"playerId":"a","score":1},{"playerId":"b","score":"2"}]}""");
        typed.AssertProblem(HttpStatusCode.BadRequest, "entries[1].score");
        var missing = await _admin.PostAsync($"/api/v1/boards/{id}/scores/batch", """{"entries":[{"playerId":"a","score":1},null]}""");
        missing.AssertProblem(HttpStatusCode.BadRequest, "entries[1]");
        Assert.Equal(0, (long)(await _admin.GetAsync($"/api/v1/boards/{id}/count?consistency=strong")).Json["count"]!);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10_001)]
    public async Task Batch_OfWrongSize_Is400(int size)
    {
        string id = Ids.Board();
        await _admin.CreateBoardAsync(id);
        string entries = string.Join(",", Enumerable.Range(0, size).Select(i => $$"""{"playerId":"p{{i}}","score":{{i}}}"""));
        (await _admin.PostAsync($"/api/v1/boards/{id}/scores/batch", $$"""{"entries":[{{entries}}]}"""))
            .AssertProblem(HttpStatusCode.BadRequest, "entries");
    }

    [Fact]
    public async Task Batch_OfTenThousand_IsAccepted()
    {
        string id = Ids.Board();
        await _admin.CreateBoardAsync(id);
        string entries = string.Join(",", Enumerable.Range(0, 10_000).Select(i => $$"""{"playerId":"p{{i}}","score":{{i}}}"""));
        var reply = await _admin.PostAsync($"/api/v1/boards/{id}/scores/batch", $$"""{"entries":[{{entries}}]}""");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(10_000, (long)(await _admin.GetAsync($"/api/v1/boards/{id}/count?consistency=strong")).Json["count"]!);
    }

    [Fact]
    public async Task DeletePlayer_RemovesEntry_ThenIs404()
    {
        string id = Ids.Board();
        await _admin.CreateBoardAsync(id);
        await _admin.SubmitAsync(id, "gone", 5);
        await _admin.SubmitAsync(id, "stays", 4);
        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync($"/api/v1/boards/{id}/players/gone")).Status);
        (await _admin.GetAsync($"/api/v1/boards/{id}/players/gone?consistency=strong")).AssertProblem(HttpStatusCode.NotFound, "playerId");
        Assert.Equal(1, (long)(await _admin.GetAsync($"/api/v1/boards/{id}/players/stays?consistency=strong")).Json["rank"]!);
        (await _admin.DeleteAsync($"/api/v1/boards/{id}/players/gone")).AssertProblem(HttpStatusCode.NotFound, "playerId");
    }

    [Fact]
    public async Task ErasePlayer_RemovesFromEveryBoard()
    {
        string a = Ids.Board(), b = Ids.Board(), c = Ids.Board();
        foreach (var id in new[] { a, b, c })
            await _admin.CreateBoardAsync(id);
        string player = "erase-" + Guid.NewGuid().ToString("N");
        await _admin.SubmitAsync(a, player, 1);
        await _admin.SubmitAsync(b, player, 2);
        await _admin.SubmitAsync(c, "someone-else", 3);
        var reply = await _admin.DeleteAsync($"/api/v1/players/{player}");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(new[] { a, b }.Order(StringComparer.Ordinal), reply.Json["boards"]!.AsArray().Select(n => (string)n!));
        (await _admin.GetAsync($"/api/v1/boards/{a}/players/{player}?consistency=strong")).AssertProblem(HttpStatusCode.NotFound);
        Assert.Equal(1, (long)(await _admin.GetAsync($"/api/v1/boards/{c}/count?consistency=strong")).Json["count"]!);
    }
}
