using System.Net;
using Leaderboards.Server.Tests.Support;

namespace Leaderboards.Server.Tests;

public abstract class BoardsApiSuite(ServerFactory server)
{
    private readonly ApiClient _admin = server.Admin();

    [Fact]
    public async Task Put_CreatesBoardWithDefaults_ThenGetShowsIt()
    {
        string id = Ids.Board();
        var created = await _admin.PutAsync($"/api/v1/boards/{id}", "{}");
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var board = (await _admin.GetAsync($"/api/v1/boards/{id}")).Json;
        Assert.Equal(id, (string?)board["id"]);
        Assert.Equal(id, (string?)board["displayName"]);
        Assert.Equal("desc", (string?)board["order"]);
        Assert.Equal("best", (string?)board["updatePolicy"]);
        Assert.Equal("ordinal", (string?)board["rankMode"]);
        Assert.Equal(1, (int)board["partitions"]!);
        Assert.Equal(server.ReportedReplicas(0), (int)board["replicas"]!);
        Assert.False((bool)board["publicRead"]!);
        Assert.Equal(0, (long)board["entries"]!);
        Assert.Single(board["partitionDetails"]!.AsArray());
    }

    [Fact]
    public async Task Put_WithEveryField_IsReflectedInTheBoard()
    {
        string id = Ids.Board();
        await _admin.CreateBoardAsync(id, """
            {"displayName":"Race","order":"asc","updatePolicy":"latest","rankMode":"competition",
             "minScore":-5,"maxScore":1000,"partitions":3,"replicas":2,"publicRead":true}
            """);
        var board = (await _admin.GetAsync($"/api/v1/boards/{id}")).Json;
        Assert.Equal("Race", (string?)board["displayName"]);
        Assert.Equal("asc", (string?)board["order"]);
        Assert.Equal("latest", (string?)board["updatePolicy"]);
        Assert.Equal("competition", (string?)board["rankMode"]);
        Assert.Equal(-5, (long)board["minScore"]!);
        Assert.Equal(1000, (long)board["maxScore"]!);
        Assert.Equal(3, (int)board["partitions"]!);
        Assert.Equal(server.ReportedReplicas(2), (int)board["replicas"]!);
        Assert.True((bool)board["publicRead"]!);
        Assert.Equal(server.ReportedReplicas(2), board["partitionDetails"]![0]!["replicas"]!.AsArray().Count);
    }

    [Fact]
    public async Task Put_OnNonEmptyBoard_ChangesReplicasAndNameButRefusesOrderWith409()
    {
        string id = Ids.Board();
        await _admin.CreateBoardAsync(id);
        await _admin.SubmitAsync(id, "p1", 10);

        var changed = await _admin.PutAsync($"/api/v1/boards/{id}", """{"displayName":"Renamed","replicas":1,"publicRead":true}""");
        Assert.Equal(HttpStatusCode.OK, changed.Status);
        Assert.Equal("Renamed", (string?)changed.Json["displayName"]);
        Assert.Equal(1, (int)changed.Json["replicas"]!);

        var conflict = await _admin.PutAsync($"/api/v1/boards/{id}", """{"order":"asc"}""");
        conflict.AssertProblem(HttpStatusCode.Conflict, "order");
        var board = (await _admin.GetAsync($"/api/v1/boards/{id}")).Json;
        Assert.Equal("desc", (string?)board["order"]);
        Assert.Equal(1, (long)board["entries"]!);
    }

    [Fact]
    public async Task Put_OnEmptyBoard_MayChangeOrderAndPartitions()
    {
        string id = Ids.Board();
        await _admin.CreateBoardAsync(id);
        var changed = await _admin.PutAsync($"/api/v1/boards/{id}", """{"order":"asc","partitions":3}""");
        Assert.Equal(HttpStatusCode.OK, changed.Status);
        Assert.Equal("asc", (string?)changed.Json["order"]);
        Assert.Equal(3, (int)changed.Json["partitions"]!);

        await _admin.SubmitAsync(id, "low", 1);
        await _admin.SubmitAsync(id, "high", 2);
        var top = (await _admin.GetAsync($"/api/v1/boards/{id}/top?consistency=strong")).Json;
        Assert.Equal("low", (string?)top["entries"]![0]!["playerId"]);
    }

    [Theory]
    [InlineData("""{"order":"up"}""", "order")]
    [InlineData("""{"updatePolicy":"max"}""", "updatePolicy")]
    [InlineData("""{"rankMode":"dense"}""", "rankMode")]
    [InlineData("""{"partitions":0}""", "partitions")]
    [InlineData("""{"partitions":257}""", "partitions")]
    [InlineData("""{"replicas":6}""", "replicas")]
    [InlineData("""{"minScore":10,"maxScore":1}""", "minScore")]
    [InlineData("""{"partitions":"4"}""", "partitions")]
    [InlineData("""{"publicRead":"yes"}""", "publicRead")]
    [InlineData("""{"colour":"red"}""", "colour")]
    public async Task Put_WithBadField_Is400NamingItAndCreatesNothing(string json, string field)
    {
        string id = Ids.Board();
        (await _admin.PutAsync($"/api/v1/boards/{id}", json)).AssertProblem(HttpStatusCode.BadRequest, field);
        (await _admin.GetAsync($"/api/v1/boards/{id}")).AssertProblem(HttpStatusCode.NotFound, "boardId");
    }

    [Theory]
    [InlineData("has%20space")]
    [InlineData("-leading-dash")]
    [InlineData("%C3%A9t%C3%A9")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task Put_WithBadBoardId_Is400(string boardId)
    {
        (await _admin.PutAsync($"/api/v1/boards/{boardId}", "{}")).AssertProblem(HttpStatusCode.BadRequest, "boardId");
    }

    [Fact]
    public async Task List_ShowsCreatedBoards()
    {
        string a = Ids.Board("list"), b = Ids.Board("list");
        await _admin.CreateBoardAsync(a);
        await _admin.CreateBoardAsync(b);
        var ids = (await _admin.GetAsync("/api/v1/boards")).Json["boards"]!.AsArray().Select(n => (string?)n!["id"]).ToList();
        Assert.Contains(a, ids);
        Assert.Contains(b, ids);
    }

    [Fact]
    public async Task Delete_RemovesBoardAndItsScores_ThenIs404()
    {
        string id = Ids.Board();
        await _admin.CreateBoardAsync(id);
        await _admin.SubmitAsync(id, "p", 1);
        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync($"/api/v1/boards/{id}")).Status);
        (await _admin.GetAsync($"/api/v1/boards/{id}/top")).AssertProblem(HttpStatusCode.NotFound, "boardId");
        (await _admin.DeleteAsync($"/api/v1/boards/{id}")).AssertProblem(HttpStatusCode.NotFound, "boardId");

        await _admin.CreateBoardAsync(id);
        Assert.Equal(0, (long)(await _admin.GetAsync($"/api/v1/boards/{id}")).Json["entries"]!);
    }

    [Fact]
    public async Task Delete_WhileScoresArrive_LosesNoRequestToAServerError()
    {
        string id = Ids.Board();
        await _admin.CreateBoardAsync(id);
        var writers = Enumerable.Range(0, 4).Select(async w =>
        {
            var statuses = new List<HttpStatusCode>();
            for (int i = 0; i < 50; i++)
                statuses.Add((await _admin.PostAsync($"/api/v1/boards/{id}/scores", $$"""{"playerId":"w{{w}}-{{i}}","score":{{i}}}""")).Status);
            return statuses;
        }).ToList();
        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync($"/api/v1/boards/{id}")).Status);
        foreach (var status in (await Task.WhenAll(writers)).SelectMany(s => s))
            Assert.True(status is HttpStatusCode.OK or HttpStatusCode.NotFound, status.ToString());
    }
}
