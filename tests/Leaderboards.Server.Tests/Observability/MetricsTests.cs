using System.Diagnostics;
using System.Net;
using Leaderboards.Server.Tests.Support;
using Leaderboards.Testing;

namespace Leaderboards.Server.Tests.Observability;

public sealed class MetricsTests(ServerFactory server) : IClassFixture<ServerFactory>
{
    private readonly ApiClient _admin = server.Admin();

    private async Task<string> ScrapeAsync()
    {
        var reply = await server.Anonymous().GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("text/plain", reply.MediaType);
        return reply.Body;
    }

    [Fact]
    public async Task Metrics_CountScoresQueriesEntriesAndRequests()
    {
        string id = Ids.Board("metrics");
        await _admin.CreateBoardAsync(id, """{"partitions":2,"replicas":1}""");
        await _admin.SubmitAsync(id, "a", 1);
        await _admin.PostAsync($"/api/v1/boards/{id}/scores/batch", """{"entries":[{"playerId":"b","score":2},{"playerId":"c","score":3}]}""");
        await _admin.GetAsync($"/api/v1/boards/{id}/top");
        await _admin.GetAsync($"/api/v1/boards/{id}/players/a");
        // A snapshot rolls the log, which fsyncs it: the fsync histogram has an observation whatever the timer did.
        await _admin.PostAsync("/api/v1/admin/snapshots", "");

        string text = await ScrapeAsync();
        Assert.Contains($"leaderboards_scores_submitted_total{{board=\"{id}\"}} 3\n", text, StringComparison.Ordinal);
        Assert.Contains($"leaderboards_board_entries{{board=\"{id}\"}} 3\n", text, StringComparison.Ordinal);
        Assert.Contains($"leaderboards_partition_entries{{board=\"{id}\",partition=\"1\"}}", text, StringComparison.Ordinal);
        Assert.Contains($"leaderboards_replica_lag_operations{{board=\"{id}\",partition=\"0\",replica=\"0\"}}", text, StringComparison.Ordinal);
        Assert.Matches(@"leaderboards_queries_total\{kind=""top""\} [1-9]", text);
        Assert.Matches(@"leaderboards_queries_total\{kind=""player""\} [1-9]", text);
        Assert.Contains("# TYPE http_server_request_duration_seconds histogram", text, StringComparison.Ordinal);
        Assert.Matches(@"http_server_request_duration_seconds_count\{[^}]*http_route=""/api/v1/boards/\{boardId\}/scores/batch""[^}]*\} [1-9]", text);
        Assert.Contains("# TYPE leaderboards_log_fsync_duration_seconds histogram", text, StringComparison.Ordinal);
        Assert.Contains("dotnet_process_memory_working_set_bytes", text, StringComparison.Ordinal);
        Assert.Contains("dotnet_gc_collections_total", text, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Process")]
    public async Task Output_PassesPromtoolCheckMetrics()
    {
        string id = Ids.Board("promtool");
        await _admin.CreateBoardAsync(id);
        await _admin.SubmitAsync(id, "a", 1);
        await _admin.PostAsync("/api/v1/admin/snapshots", "");
        string text = await ScrapeAsync();

        using var promtool = new Process
        {
            StartInfo = new ProcessStartInfo("promtool", "check metrics")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            },
        };
        ChildProcesses.Start(promtool);
        try
        {
            await promtool.StandardInput.WriteAsync(text);
            promtool.StandardInput.Close();
            var stdout = promtool.StandardOutput.ReadToEndAsync();
            var stderr = promtool.StandardError.ReadToEndAsync();
            await promtool.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(promtool.ExitCode == 0, await stdout + await stderr);
        }
        finally
        {
            await ChildProcesses.KillAsync(promtool);
        }
    }
}
