using System.Net;
using Leaderboards.Service.Expiry;
using Leaderboards.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Leaderboards.Server.Tests.Seasons;

/// <summary>Seasons, entry expiry and multi-board submits through the API, with the server's clock driven by the test.</summary>
public sealed class SeasonApiTests : IDisposable
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "lb-seasons-" + Guid.NewGuid().ToString("N"));
    private readonly ManualClock _clock = new(DateTimeOffset.Parse("2026-11-21T22:30:00Z")); // 23:30 in Oslo

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    private ServerFactory Start() => new(_dataDir, time: _clock);

    private static async Task<string[]> PlayersAsync(ApiClient client, string path)
    {
        var reply = await client.GetAsync(path);
        Assert.True(reply.Status == HttpStatusCode.OK, reply.ToString());
        return [.. reply.Json["entries"]!.AsArray().Select(e => (string)e!["playerId"]!)];
    }

    [Fact]
    public async Task DailyBoard_StartsAnEmptySeasonAtLocalMidnight_AndKeepsThePreviousOneRanked()
    {
        await using var server = Start();
        var admin = server.Admin();
        await admin.CreateBoardAsync("daily", """{"reset":{"every":"day","timeZone":"Europe/Oslo"}}""");
        Assert.Equal("2026-11-21", (string?)(await admin.SubmitAsync("daily", "ann", 10))["season"]);
        await admin.SubmitAsync("daily", "bob", 20);

        _clock.Set(DateTimeOffset.Parse("2026-11-21T23:00:00Z")); // midnight in Oslo
        Assert.Equal("2026-11-22", (string?)(await admin.SubmitAsync("daily", "cyd", 5))["season"]);

        Assert.Equal(["cyd"], await PlayersAsync(admin, "/api/v1/boards/daily/top?consistency=strong"));
        Assert.Equal(["bob", "ann"], await PlayersAsync(admin, "/api/v1/boards/daily/top?season=previous&consistency=strong"));
        Assert.Equal(["bob", "ann"], await PlayersAsync(admin, "/api/v1/boards/daily/entries?season=2026-11-21&consistency=strong"));
        var archived = (await admin.GetAsync("/api/v1/boards/daily/players/ann?season=previous&consistency=strong")).Json;
        Assert.Equal(2, (long)archived["rank"]!);
        Assert.Equal(50.0, (double)archived["percentile"]!);
        (await admin.GetAsync("/api/v1/boards/daily/players/ann?consistency=strong")).AssertProblem(HttpStatusCode.NotFound, "playerId");
        (await admin.GetAsync("/api/v1/boards/daily/top?season=1999-01-01")).AssertProblem(HttpStatusCode.NotFound, "season");

        var seasons = (await admin.GetAsync("/api/v1/boards/daily/seasons")).Json["seasons"]!.AsArray();
        Assert.Equal(["2026-11-21", "2026-11-22"], seasons.Select(s => (string)s!["id"]!));
        Assert.Equal(DateTimeOffset.Parse("2026-11-20T23:00:00Z"), (DateTimeOffset)seasons[0]!["start"]!);
        Assert.Equal(DateTimeOffset.Parse("2026-11-21T23:00:00Z"), (DateTimeOffset)seasons[0]!["end"]!);
        Assert.Equal(2, (long)seasons[0]!["entries"]!);
        Assert.True((bool)seasons[1]!["current"]!);
        Assert.Equal("2026-11-22", (string?)(await admin.GetAsync("/api/v1/boards/daily")).Json["season"]);
    }

    [Fact]
    public async Task ABurstAcrossTheBoundary_PutsEveryScoreInExactlyOneSeason()
    {
        await using var server = Start();
        var admin = server.Admin();
        await admin.CreateBoardAsync("burst", """{"reset":{"every":"day","timeZone":"Europe/Oslo"},"partitions":3}""");
        _clock.Set(DateTimeOffset.Parse("2026-11-21T22:59:59Z"));
        var flipped = new TaskCompletionSource();
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            var seen = new List<(string Player, string Season)>();
            for (int i = 0; i < 60; i++)
            {
                if (w == 0 && i == 30)
                {
                    _clock.Set(DateTimeOffset.Parse("2026-11-21T23:00:00Z"));
                    flipped.SetResult();
                }
                var reply = await admin.SubmitAsync("burst", $"w{w}-{i}", i);
                seen.Add(($"w{w}-{i}", (string)reply["season"]!));
            }
            return seen;
        })).ToArray();
        var acknowledged = (await Task.WhenAll(writers)).SelectMany(s => s).ToList();
        await flipped.Task;

        var before = (await PlayersAsync(admin, "/api/v1/boards/burst/entries?limit=1000&season=2026-11-21&consistency=strong")).ToHashSet();
        var after = (await PlayersAsync(admin, "/api/v1/boards/burst/entries?limit=1000&season=2026-11-22&consistency=strong")).ToHashSet();
        Assert.Empty(before.Intersect(after));
        Assert.Equal(acknowledged.Count, before.Count + after.Count);
        foreach (var (player, season) in acknowledged)
            Assert.Contains(player, season == "2026-11-21" ? before : after);
        Assert.NotEmpty(before);
        Assert.NotEmpty(after);
    }

    [Fact]
    public async Task Seasons_SurviveRestarts_AndRetentionDropsTheOldest()
    {
        await using (var first = Start())
        {
            var admin = first.Admin();
            await admin.CreateBoardAsync("kept", """{"reset":{"every":"day","timeZone":"UTC","keep":2}}""");
            for (int day = 0; day < 4; day++)
            {
                _clock.Set(DateTimeOffset.Parse("2026-11-22T12:00:00Z").AddDays(day));
                await admin.SubmitAsync("kept", $"day{day}", day);
                if (day == 1)
                    await admin.PostAsync("/api/v1/admin/snapshots", "");
            }
        }
        await using var second = Start();
        var again = second.Admin();
        var seasons = (await again.GetAsync("/api/v1/boards/kept/seasons")).Json["seasons"]!.AsArray();
        Assert.Equal(["2026-11-23", "2026-11-24", "2026-11-25"], seasons.Select(s => (string)s!["id"]!));
        Assert.Equal(["day3"], await PlayersAsync(again, "/api/v1/boards/kept/top?consistency=strong"));
        Assert.Equal(["day2"], await PlayersAsync(again, "/api/v1/boards/kept/top?season=previous&consistency=strong"));
        Assert.Equal(["day1"], await PlayersAsync(again, "/api/v1/boards/kept/top?season=2026-11-23&consistency=strong"));

        // A restart in the middle of a season keeps writing to it.
        Assert.Equal("2026-11-25", (string?)(await again.SubmitAsync("kept", "late", 9))["season"]);
        Assert.Equal(["late", "day3"], await PlayersAsync(again, "/api/v1/boards/kept/top?consistency=strong"));
    }

    [Fact]
    public async Task LiveSubscribers_SeeTheNewEmptySeason()
    {
        await using var server = Start();
        var admin = server.Admin();
        await admin.CreateBoardAsync("livedaily", """{"reset":{"every":"day","timeZone":"UTC"},"publicRead":true}""");
        await admin.SubmitAsync("livedaily", "ann", 1);
        await using var hub = await HubClient.ConnectAsync(server);
        await hub.InvokeAsync("SubscribeTop", "livedaily", 10);
        var first = await hub.NextAsync("TopChanged", TimeSpan.FromSeconds(15));
        Assert.Equal("2026-11-21", (string?)first["season"]);

        _clock.Set(DateTimeOffset.Parse("2026-11-22T00:00:01Z"));
        var rolled = await hub.WaitForAsync("TopChanged", t => (string?)t["season"] == "2026-11-22", TimeSpan.FromSeconds(15));
        Assert.Empty(rolled["entries"]!.AsArray());
    }

    [Fact]
    public async Task EntriesNotUpdatedForTheirTtl_DropOut_Durably()
    {
        await using (var first = Start())
        {
            var admin = first.Admin();
            await admin.CreateBoardAsync("ttl", """{"entryTtl":"30d"}""");
            Assert.Equal("30d", (string?)(await admin.GetAsync("/api/v1/boards/ttl")).Json["entryTtl"]);
            await admin.SubmitAsync("ttl", "old", 100);
            _clock.Advance(TimeSpan.FromDays(20));
            await admin.SubmitAsync("ttl", "recent", 50);
            _clock.Advance(TimeSpan.FromDays(11));

            var expiry = first.Services.GetRequiredService<EntryExpiry>();
            Assert.Equal(1, await expiry.SweepAsync(CancellationToken.None));
            Assert.Equal(["recent"], await PlayersAsync(admin, "/api/v1/boards/ttl/top?consistency=strong"));
            Assert.Equal(0, await expiry.SweepAsync(CancellationToken.None));
        }
        await using var second = Start();
        Assert.Equal(["recent"], await PlayersAsync(second.Admin(), "/api/v1/boards/ttl/top?consistency=strong"));
    }

    [Fact]
    public async Task OneScore_ForSeveralBoards_IsAppliedToAllOrNone()
    {
        await using var server = Start();
        var admin = server.Admin();
        await admin.CreateBoardAsync("m-daily", """{"reset":{"every":"day"},"maxScore":100}""");
        await admin.CreateBoardAsync("m-weekly", """{"reset":{"every":"week"}}""");
        await admin.CreateBoardAsync("m-all");
        await admin.SubmitAsync("m-all", "leader", 1000);

        var reply = await admin.PostAsync("/api/v1/scores", """{"playerId":"p","score":50,"boards":["m-daily","m-weekly","m-all"]}""");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var boards = reply.Json["boards"]!.AsArray();
        Assert.Equal(["m-daily", "m-weekly", "m-all"], boards.Select(b => (string)b!["boardId"]!));
        Assert.Equal([1L, 1, 2], boards.Select(b => (long)b!["rank"]!));
        Assert.Equal("2026-11-21", (string?)boards[0]!["season"]);

        var tooHigh = await admin.PostAsync("/api/v1/scores", """{"playerId":"q","score":500,"boards":["m-weekly","m-all","m-daily"]}""");
        Assert.Contains("m-daily", (string?)tooHigh.AssertProblem(HttpStatusCode.BadRequest, "score")["detail"], StringComparison.Ordinal);
        var missing = await admin.PostAsync("/api/v1/scores", """{"playerId":"q","score":5,"boards":["m-weekly","nope"]}""");
        missing.AssertProblem(HttpStatusCode.NotFound, "boardId");
        (await admin.PostAsync("/api/v1/scores", """{"playerId":"q","score":5,"boards":[]}""")).AssertProblem(HttpStatusCode.BadRequest, "boards");
        (await admin.PostAsync("/api/v1/scores", """{"playerId":"q","score":5,"boards":["m-all","m-all"]}""")).AssertProblem(HttpStatusCode.BadRequest, "boards");
        foreach (string board in new[] { "m-daily", "m-weekly", "m-all" })
            (await admin.GetAsync($"/api/v1/boards/{board}/players/q?consistency=strong")).AssertProblem(HttpStatusCode.NotFound, "playerId");
    }

    [Theory]
    [InlineData("""{"reset":{"every":"hourly"}}""", "reset.every")]
    [InlineData("""{"reset":{"every":"day","timeZone":"Mars/Olympus"}}""", "reset.timeZone")]
    [InlineData("""{"reset":{"every":"week","weekStartsOn":"funday"}}""", "reset.weekStartsOn")]
    [InlineData("""{"reset":{"every":"day","keep":0}}""", "reset.keep")]
    [InlineData("""{"entryTtl":"30 days"}""", "entryTtl")]
    [InlineData("""{"entryTtl":"0d"}""", "entryTtl")]
    public async Task BadSeasonOrTtlSettings_Are400(string json, string field)
    {
        await using var server = Start();
        (await server.Admin().PutAsync("/api/v1/boards/bad", json)).AssertProblem(HttpStatusCode.BadRequest, field);
    }
}
