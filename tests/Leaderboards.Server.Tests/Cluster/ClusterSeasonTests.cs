using System.Net;
using Leaderboards.Server.Tests.Support;

namespace Leaderboards.Server.Tests.Cluster;

/// <summary>Seasons in cluster mode: two nodes that both see the boundary start one season between them.</summary>
[Collection(ClusterServer.Collection)]
public sealed class ClusterSeasonTests(ClusterServer cluster)
{
    [Fact]
    public async Task TwoNodesWritingAcrossTheBoundary_StartOneSeason_AndEveryScoreIsInTheSeasonItWasAnswered()
    {
        var clock = new ManualClock(DateTimeOffset.Parse("2026-11-21T22:59:59Z"));
        await using var nodeA = cluster.NewNode(time: clock);
        var adminA = nodeA.Admin();
        string id = Ids.Board();
        await adminA.CreateBoardAsync(id, """{"reset":{"every":"day","timeZone":"Europe/Oslo"},"partitions":3}""");
        await using var nodeB = cluster.NewNode(time: clock);
        var adminB = nodeB.Admin();

        var flipped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            var admin = w % 2 == 0 ? adminA : adminB;
            var seen = new List<(string Player, string Season)>();
            for (int i = 0; i < 40; i++)
            {
                if (w == 0 && i == 20)
                {
                    clock.Set(DateTimeOffset.Parse("2026-11-21T23:00:00Z")); // midnight in Oslo, for both nodes at once
                    flipped.SetResult();
                }
                var reply = await admin.SubmitAsync(id, $"w{w}-{i}", i);
                seen.Add(($"w{w}-{i}", (string)reply["season"]!));
            }
            return seen;
        })).ToArray();
        var acknowledged = (await Task.WhenAll(writers)).SelectMany(s => s).ToList();
        await flipped.Task;

        foreach (var admin in new[] { adminA, adminB })
        {
            var seasons = (await admin.GetAsync($"/api/v1/boards/{id}/seasons")).Json["seasons"]!.AsArray();
            Assert.Equal(["2026-11-21", "2026-11-22"], seasons.Select(s => (string)s!["id"]!));
            foreach (var (player, season) in acknowledged)
            {
                var reply = await admin.GetAsync($"/api/v1/boards/{id}/players/{player}?season={season}&consistency=strong");
                Assert.True(reply.Status == HttpStatusCode.OK, $"{player} in {season}: {reply}");
                string other = season == "2026-11-21" ? "2026-11-22" : "2026-11-21";
                (await admin.GetAsync($"/api/v1/boards/{id}/players/{player}?season={other}&consistency=strong")).AssertProblem(HttpStatusCode.NotFound, "playerId");
            }
        }
        Assert.Contains(acknowledged, a => a.Season == "2026-11-22");
    }

    [Fact]
    public async Task ANodeWhoseClusterCannotBeReached_FailsToStartWithOneClearLine()
    {
        int unused = Redis.Tests.Support.FreePorts.Range(1);
        await using var node = new ServerFactory(settings: new()
        {
            ["Leaderboards:Store"] = "redis",
            ["Leaderboards:Redis:Endpoints"] = $"127.0.0.1:{unused}",
            ["Leaderboards:Redis:CommandTimeout"] = "00:00:01",
        });
        var failure = Assert.ThrowsAny<Exception>(() => node.Services);
        var cause = failure is AggregateException aggregate ? aggregate.InnerException! : failure;
        Assert.Contains($"Redis Cluster at 127.0.0.1:{unused} cannot be reached", cause.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', cause.Message);
    }
}
