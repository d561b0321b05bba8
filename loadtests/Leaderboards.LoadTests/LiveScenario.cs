using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Leaderboards.Contracts;

namespace Leaderboards.LoadTests;

/// <summary>
/// N WebSocket watchers on one board while scores arrive at a fixed rate (open loop). Score k is the writer's k-th
/// submission, so the top entry of any message names the newest score it reflects. For each message a watcher gets,
/// the latency recorded is that of the oldest score it newly reflects (the worst in the message): receipt time minus
/// that score's send time. At the end every watcher's last state must equal the board's top. With stalled clients, each
/// subscribes to the top 100 of another board (about 1 KiB of metadata per entry, changing 20 times a second) and never
/// reads: the watchers' latencies show whether a connection that does not read holds up the others. With a warm-up, the
/// writer first runs at the same rate for that long and nothing of it is recorded (scores, messages, CPU), so the figures
/// are those of a server past its first seconds of load (the JIT's recompiling of hot code, the thread pool's growth).
/// </summary>
internal sealed class LiveScenario(LiveSettings settings)
{
    private const string BoardId = "live-bench";
    private const string StalledBoardId = "live-bench-stalled";

    private static LeaderboardsJsonContext Json => LeaderboardsJsonContext.Client;

    public async Task<int> RunAsync()
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = settings.Url, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", settings.Key);
        await http.DeleteAsync($"/api/v1/boards/{BoardId}");
        var board = new BoardRequest { PublicRead = true, UpdatePolicy = "latest" };
        (await http.PutAsJsonAsync($"/api/v1/boards/{BoardId}", board, Json.BoardRequest)).EnsureSuccessStatusCode();

        var hub = new UriBuilder(settings.Url) { Scheme = settings.Url.Scheme == "https" ? "wss" : "ws", Path = "/hubs/leaderboard" }.Uri;
        // Scores 1..warmupScores are the warm-up's; a message is recorded only if everything it newly reflects came after.
        long warmupScores = (long)settings.Rate * settings.Warmup;
        long[] sentAt = new long[warmupScores + (long)settings.Rate * settings.Seconds + 1];
        // Each message is named by the newest score it reflects: when the first watcher got it, and how far behind that
        // each watcher got it (the fan-out to the watchers, server and runner together).
        long[] firstSeen = new long[sentAt.Length];
        var latency = new Histogram();
        var spread = new Histogram();
        var answered = new Histogram();
        var watchers = new LiveWatcher[settings.Watchers];
        Console.Error.WriteLine($"connecting {settings.Watchers} watchers to {hub}");
        var connectDeadline = new CancellationTokenSource(TimeSpan.FromSeconds(180));
        for (int start = 0; start < watchers.Length; start += 100)
        {
            var batch = Enumerable.Range(start, Math.Min(100, watchers.Length - start)).Select(async i =>
            {
                watchers[i] = new LiveWatcher();
                await watchers[i].ConnectAsync(hub, BoardId, settings.Limit, (oldest, newest) =>
                {
                    long now = Stopwatch.GetTimestamp();
                    long sent = oldest < sentAt.Length ? Volatile.Read(ref sentAt[oldest]) : 0;
                    if (sent == 0 || oldest <= warmupScores || newest >= firstSeen.Length)
                        return;
                    latency.Record(Stopwatch.GetElapsedTime(sent, now));
                    long first = Interlocked.CompareExchange(ref firstSeen[newest], now, 0);
                    spread.Record(first == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(first, now));
                }, connectDeadline.Token);
            });
            await Task.WhenAll(batch);
        }
        Console.Error.WriteLine("watchers connected; writing");

        using var stopStalled = new CancellationTokenSource();
        var stalledClients = new StalledClient[settings.Stalled];
        var stalledTasks = new List<Task>();
        if (settings.Stalled > 0)
        {
            await CreateStalledBoardAsync(http);
            for (int i = 0; i < stalledClients.Length; i++)
            {
                var client = stalledClients[i] = new StalledClient();
                stalledTasks.Add(Task.Run(() => client.RunAsync(hub, StalledBoardId, 100, stopStalled.Token)));
            }
            stalledTasks.Add(Task.Run(() => ChurnStalledBoardAsync(http, stopStalled.Token)));
        }

        var cpuBefore = ProcessStats.Read(settings.ServerPid);
        var runnerBefore = ProcessStats.Read(Environment.ProcessId);
        var clock = Stopwatch.StartNew();
        var measured = Stopwatch.StartNew();
        long messagesBefore = 0;
        long sentCount = 0, failed = 0;
        using var inFlight = new SemaphoreSlim(256);
        var pending = new List<Task>();
        for (long k = 1; k < sentAt.Length; k++)
        {
            // Open loop: score k is due at k / rate seconds, whatever the server's speed.
            var due = TimeSpan.FromSeconds((double)k / settings.Rate);
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
                await Task.Delay(wait);
            await inFlight.WaitAsync();
            if (k == warmupScores + 1 && warmupScores > 0)
            {
                cpuBefore = ProcessStats.Read(settings.ServerPid);
                runnerBefore = ProcessStats.Read(Environment.ProcessId);
                messagesBefore = watchers.Sum(w => w.Messages);
                measured.Restart();
                Console.Error.WriteLine($"warm-up done ({warmupScores:N0} scores); measuring");
            }
            long score = k;
            Volatile.Write(ref sentAt[score], Stopwatch.GetTimestamp());
            pending.Add(Task.Run(async () =>
            {
                try
                {
                    using var response = await http.PostAsJsonAsync($"/api/v1/boards/{BoardId}/scores",
                        new ScoreRequest { PlayerId = $"p{score % 1000}", Score = score }, Json.ScoreRequest);
                    if (!response.IsSuccessStatusCode)
                        Interlocked.Increment(ref failed);
                    if (score > warmupScores)
                        answered.Record(Stopwatch.GetElapsedTime(sentAt[score]));
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref failed);
                }
                finally
                {
                    inFlight.Release();
                }
            }));
            if (score > warmupScores)
                sentCount++;
        }
        await Task.WhenAll(pending);
        var writeTime = measured.Elapsed;
        var cpuAfter = ProcessStats.Read(settings.ServerPid);
        var runnerAfter = ProcessStats.Read(Environment.ProcessId);
        await stopStalled.CancelAsync();
        await Task.WhenAll(stalledTasks);

        // Every watcher must end on the board's current top.
        var top = await http.GetFromJsonAsync($"/api/v1/boards/{BoardId}/top?limit={settings.Limit}&consistency=strong", Json.TopResponse);
        string expected = LiveWatcher.Describe(top!.Entries);
        var settle = Stopwatch.StartNew();
        int stale = watchers.Count(w => w.LastTop != expected);
        while (stale > 0 && settle.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(100);
            stale = watchers.Count(w => w.LastTop != expected);
        }
        long messages = watchers.Sum(w => w.Messages) - messagesBefore;
        var report = new LiveReport(settings.Watchers, settings.Stalled, stalledClients.Sum(c => c.Connections), settings.Rate, settings.Seconds, settings.Warmup, sentCount, failed, writeTime.TotalSeconds,
            latency.Count, latency.QuantileMs(0.50), latency.QuantileMs(0.99), latency.QuantileMs(0.999), latency.MaxMs,
            spread.QuantileMs(0.50), spread.QuantileMs(0.99), answered.QuantileMs(0.50), answered.QuantileMs(0.99), messages / writeTime.TotalSeconds, stale, settle.Elapsed.TotalMilliseconds,
            ProcessStats.CpuPercent(cpuBefore, cpuAfter, writeTime), cpuAfter?.RssMiB, ProcessStats.CpuPercent(runnerBefore, runnerAfter, writeTime));
        await Task.WhenAll(watchers.Select(w => w.DisposeAsync().AsTask()));
        await report.WriteAsync(settings.OutDir);
        return stale == 0 && failed == 0 ? 0 : 1;
    }

    /// <summary>The stalled clients' board: 100 players with about 1 KiB of metadata each, so its top 100 is about 110 KB.</summary>
    private static async Task CreateStalledBoardAsync(HttpClient http)
    {
        await http.DeleteAsync($"/api/v1/boards/{StalledBoardId}");
        var board = new BoardRequest { PublicRead = true, UpdatePolicy = "latest" };
        (await http.PutAsJsonAsync($"/api/v1/boards/{StalledBoardId}", board, Json.BoardRequest)).EnsureSuccessStatusCode();
        var batch = new ScoreBatchRequest { Entries = [.. Enumerable.Range(0, 100).Select(i => StalledEntry(i, i))] };
        (await http.PostAsJsonAsync($"/api/v1/boards/{StalledBoardId}/scores/batch", batch, Json.ScoreBatchRequest)).EnsureSuccessStatusCode();
    }

    /// <summary>Moves one of the stalled board's players to the top 20 times a second, so its top 100 changes every interval.</summary>
    private static async Task ChurnStalledBoardAsync(HttpClient http, CancellationToken stop)
    {
        try
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
            for (long k = 100; await timer.WaitForNextTickAsync(stop); k++)
            {
                using var response = await http.PostAsJsonAsync($"/api/v1/boards/{StalledBoardId}/scores", StalledEntry((int)(k % 100), k), Json.ScoreRequest, stop);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or HttpRequestException)
        {
        }
    }

    private static ScoreRequest StalledEntry(int player, long score) => new()
    {
        PlayerId = $"s{player}",
        Score = score,
        Metadata = Encoding.UTF8.GetBytes($"{{\"note\":\"{new string('x', 1000)}\"}}"),
    };
}

internal sealed record LiveSettings(Uri Url, string Key, int Watchers, int Stalled, int Rate, int Seconds, int Warmup, int Limit, int? ServerPid, string OutDir);

internal sealed record LiveReport(
    int Watchers, int Stalled, long StalledConnections, int RatePerSecond, int Seconds, int WarmupSeconds, long Submitted, long Failed, double WriteSeconds,
    long Receipts, double P50Ms, double P99Ms, double P999Ms, double MaxMs, double SpreadP50Ms, double SpreadP99Ms,
    double SubmitP50Ms, double SubmitP99Ms, double MessagesPerSecond,
    int StaleWatchers, double SettleMs, double? ServerCpuPercent, double? ServerRssMiB, double? RunnerCpuPercent)
{
    public async Task WriteAsync(string outDir)
    {
        Directory.CreateDirectory(outDir);
        await File.WriteAllTextAsync(Path.Combine(outDir, "live.json"), JsonSerializer.Serialize(this, new JsonSerializerOptions { WriteIndented = true }));
        List<string> rows =
        [
            $"| {Watchers:N0} watchers{(Stalled > 0 ? $" beside {Stalled:N0} stalled" : "")}, {RatePerSecond:N0} scores/s for {Seconds} s{(WarmupSeconds > 0 ? $" after {WarmupSeconds} s of warm-up" : "")} | value |",
            "|---|---:|",
            $"| scores submitted (failed) | {Submitted:N0} ({Failed:N0}) |",
            $"| submit → receipt p50 | {P50Ms:F1} ms |",
            $"| submit → receipt p99 | {P99Ms:F1} ms |",
            $"| submit → receipt p99.9 / max | {P999Ms:F1} ms / {MaxMs:F1} ms |",
            $"| submit → answer p50 / p99 | {SubmitP50Ms:F1} ms / {SubmitP99Ms:F1} ms |",
            $"| behind the first watcher to get the same message p50 / p99 | {SpreadP50Ms:F1} ms / {SpreadP99Ms:F1} ms |",
            $"| messages received per second (all watchers) | {MessagesPerSecond:N0} |",
            $"| watchers not on the board's final state | {StaleWatchers} (checked {SettleMs:F0} ms after the last write) |",
        ];
        if (Stalled > 0)
            rows.Add($"| stalled connections made (each after the first: the server closed the last) | {StalledConnections:N0} |");
        rows.Add($"| server CPU (of one core) / RSS | {(ServerCpuPercent is { } cpu ? $"{cpu:F0}%" : "n/a")} / {(ServerRssMiB is { } rss ? $"{rss:F0} MiB" : "n/a")} |");
        rows.Add($"| load runner CPU (of one core; the same two cores) | {(RunnerCpuPercent is { } runner ? $"{runner:F0}%" : "n/a")} |");
        string table = string.Join('\n', rows) + "\n";
        await File.WriteAllTextAsync(Path.Combine(outDir, "live.md"), table);
        Console.WriteLine(table);
    }
}
