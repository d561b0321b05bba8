using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Leaderboards.Server.Tests.Support;
using Leaderboards.Testing;

namespace Leaderboards.Server.Tests.Observability;

/// <summary>A real Prometheus (Debian's package) scrapes a real server on loopback; a value comes back through its HTTP API.</summary>
[Trait("Category", "Process")]
public sealed class PrometheusScrapeTests : IAsyncLifetime
{
    private readonly string _work = Path.Combine(Path.GetTempPath(), "lb-prometheus-" + Guid.NewGuid().ToString("N"));
    private ServerProcess _server = null!;
    private readonly System.Threading.Channels.Channel<string> _scrapes = System.Threading.Channels.Channel.CreateUnbounded<string>();
    private Process? _prometheus;

    public async Task InitializeAsync()
    {
        RequiredTool.Find("prometheus");
        Directory.CreateDirectory(_work);
        // The server logs each request it finishes, so the test sees every scrape as it happens.
        _server = await ServerProcess.StartAsync(Path.Combine(_work, "data"),
            new Dictionary<string, string> { ["Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information" });
        _server.OutputLine += line =>
        {
            if (line.Contains("Request finished", StringComparison.Ordinal) && line.Contains("/metrics - 200", StringComparison.Ordinal))
                _scrapes.Writer.TryWrite(line);
        };
    }

    public async Task DisposeAsync()
    {
        if (_prometheus is not null)
        {
            await ChildProcesses.KillAsync(_prometheus);
            _prometheus.Dispose();
        }
        if (_server is not null)
            await _server.DisposeAsync();
        if (Directory.Exists(_work))
            Directory.Delete(_work, recursive: true);
    }

    [Fact]
    public async Task Prometheus_ScrapesTheServer_AndAnswersTheScoreCount()
    {
        using (var created = await _server.Client.PutAsJsonAsync("/api/v1/boards/scraped", new { }))
            created.EnsureSuccessStatusCode();
        for (int i = 0; i < 7; i++)
        {
            using var submitted = await _server.Client.PostAsJsonAsync("/api/v1/boards/scraped/scores", new { playerId = $"p{i}", score = i });
            submitted.EnsureSuccessStatusCode();
        }

        int port = Ports.Free();
        var target = _server.Client.BaseAddress!;
        await File.WriteAllTextAsync(Path.Combine(_work, "prometheus.yml"), $"""
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: leaderboards
                static_configs:
                  - targets: ["127.0.0.1:{target.Port}"]
            """);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var start = new ProcessStartInfo("prometheus")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = _work,
        };
        foreach (string arg in new[] { $"--config.file={Path.Combine(_work, "prometheus.yml")}", $"--storage.tsdb.path={Path.Combine(_work, "tsdb")}", $"--web.listen-address=127.0.0.1:{port}" })
            start.ArgumentList.Add(arg);
        _prometheus = new Process { StartInfo = start };
        _prometheus.ErrorDataReceived += (_, e) => { if (e.Data?.Contains("Server is ready to receive web requests", StringComparison.Ordinal) == true) ready.TrySetResult(); };
        _prometheus.OutputDataReceived += (_, e) => { };
        ChildProcesses.Start(_prometheus);
        _prometheus.BeginErrorReadLine();
        _prometheus.BeginOutputReadLine();
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(60));

        using var prometheus = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        string? value = null;
        while (value is null)
        {
            // After each scrape the server answered, ask Prometheus; a scrape it has not stored yet shows at the next one.
            await _scrapes.Reader.ReadAsync(timeout.Token);
            var answer = await prometheus.GetFromJsonAsync<JsonNode>("/api/v1/query?query=leaderboards_scores_submitted_total%7Bboard%3D%22scraped%22%7D", timeout.Token);
            value = answer?["data"]?["result"]?.AsArray().FirstOrDefault()?["value"]?[1]?.GetValue<string>();
        }
        Assert.Equal("7", value);
    }
}
