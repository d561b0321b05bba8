using System.Diagnostics;
using System.Net;
using Leaderboards.Redis.Tests.Support;
using Leaderboards.Server.Tests.Support;
using Xunit.Abstractions;

namespace Leaderboards.Server.Tests.Cluster;

/// <summary>A cluster that goes away under a running node: 503 with Retry-After for every request, and /readyz says so.</summary>
public sealed class ClusterDownTests(ITestOutputHelper output)
{
    [Fact]
    public async Task WhenTheWholeClusterStops_RequestsGet503WithRetryAfter_AndReadyzReportsIt()
    {
        var cluster = new ClusterFixture();
        bool stopped = false;
        await cluster.InitializeAsync();
        try
        {
            await using var node = new ServerFactory(settings: new()
            {
                ["Leaderboards:Store"] = "redis",
                ["Leaderboards:Redis:Endpoints"] = string.Join(",", cluster.Endpoints.Select(e => $"{e.Host}:{e.Port}")),
                ["Leaderboards:Redis:KeyPrefix"] = "down:",
            });
            var admin = node.Admin();
            admin.Http.Timeout = TimeSpan.FromSeconds(30);
            string id = Ids.Board();
            await admin.CreateBoardAsync(id, """{"partitions":3}""");
            await admin.SubmitAsync(id, "a", 10);
            Assert.Equal("ready", (await admin.GetAsync("/readyz")).Body);

            stopped = true;
            await cluster.DisposeAsync(); // every node stopped and waited for
            var clock = Stopwatch.StartNew();
            var write = await admin.PostAsync($"/api/v1/boards/{id}/scores", """{"playerId":"b","score":20}""");
            write.AssertProblem(HttpStatusCode.ServiceUnavailable);
            Assert.Contains("storage-unavailable", write.Body, StringComparison.Ordinal);
            Assert.NotNull(write.RetryAfter);
            var read = await admin.GetAsync($"/api/v1/boards/{id}/top?consistency=strong");
            read.AssertProblem(HttpStatusCode.ServiceUnavailable);
            Assert.NotNull(read.RetryAfter);
            output.WriteLine($"a write and a read answered 503 within {clock.ElapsedMilliseconds} ms of the cluster stopping");

            var ready = await admin.GetAsync("/readyz");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.Status);
            Assert.StartsWith("unavailable: ", ready.Body, StringComparison.Ordinal);
        }
        finally
        {
            if (!stopped)
                await cluster.DisposeAsync();
        }
    }
}
