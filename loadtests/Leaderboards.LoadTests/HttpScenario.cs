using System.Buffers;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Leaderboards.Contracts;

namespace Leaderboards.LoadTests;

/// <summary>
/// REST load: submit-heavy, read-heavy (top, rank, around) or mixed with Zipf-skewed players. Closed loop (each
/// connection sends its next request when the last is answered) or open loop (requests are due at a fixed rate and
/// latency counts from when they were due, so a slow server cannot hide its queue). Bounded by duration and request count.
/// </summary>
internal sealed class HttpScenario(HttpSettings settings)
{
    private const string BoardId = "load-bench";

    private static readonly Dictionary<string, (string Op, int Weight)[]> Mixes = new()
    {
        ["submit"] = [("submit", 100)],
        ["read"] = [("top", 40), ("rank", 40), ("around", 20)],
        ["mixed"] = [("submit", 20), ("rank", 30), ("top", 30), ("around", 20)],
    };

    public async Task<int> RunAsync()
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = settings.Connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = settings.Url,
            Timeout = TimeSpan.FromSeconds(30),
        };
        http.DefaultRequestHeaders.Authorization = new("Bearer", settings.Key);
        await PrepareAsync(http);

        var mix = Mixes[settings.Scenario];
        var zipf = settings.Scenario == "mixed" ? new Zipf(settings.Members, settings.ZipfExponent) : null;
        Console.Error.WriteLine($"{settings.Scenario}: warm-up {settings.WarmupSeconds} s");
        await RunPhaseAsync(http, mix, zipf, TimeSpan.FromSeconds(settings.WarmupSeconds), long.MaxValue, record: null);

        Console.Error.WriteLine($"{settings.Scenario}: measuring {settings.Seconds} s, {settings.Connections} connections, {(settings.Rate > 0 ? $"open loop at {settings.Rate}/s" : "closed loop")}");
        var results = mix.ToDictionary(m => m.Op, m => new OperationResult(m.Op, settings.Seconds));
        var clock = Stopwatch.StartNew();
        await RunPhaseAsync(http, mix, zipf, TimeSpan.FromSeconds(settings.Seconds), settings.MaxRequests, results);
        var report = new LoadReport(settings, clock.Elapsed, [.. results.Values]);
        await report.WriteAsync();
        return results.Values.Sum(r => r.Errors) == 0 ? 0 : 1;
    }

    private async Task PrepareAsync(HttpClient http)
    {
        await http.DeleteAsync($"/api/v1/boards/{BoardId}");
        (await http.PutAsJsonAsync($"/api/v1/boards/{BoardId}", new BoardRequest(), Json.BoardRequest)).EnsureSuccessStatusCode();
        var random = new Random(42);
        var lines = new ArrayBufferWriter<byte>();
        using var writer = new Utf8JsonWriter(lines);
        for (int from = 0; from < settings.Members; from += 100_000)
        {
            lines.ResetWrittenCount();
            for (int i = from; i < Math.Min(settings.Members, from + 100_000); i++)
            {
                writer.Reset();
                JsonSerializer.Serialize(writer, new ImportLine { PlayerId = Player(i), Score = random.Next(1_000_000_000) }, Json.ImportLine);
                lines.Write("\n"u8);
            }
            var content = new ByteArrayContent(lines.WrittenSpan.ToArray());
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson") { CharSet = "utf-8" };
            (await http.PostAsync($"/api/v1/boards/{BoardId}/import", content)).EnsureSuccessStatusCode();
        }
        Console.Error.WriteLine($"board {BoardId}: {settings.Members} members");
    }

    private static LeaderboardsJsonContext Json => LeaderboardsJsonContext.Client;

    private static string Player(int i) => i.ToString("D12", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A score body with its length set, so it goes out in one piece rather than chunked.</summary>
    private static ByteArrayContent Score(string player, long score)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(new ScoreRequest { PlayerId = player, Score = score }, Json.ScoreRequest));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }

    private async Task RunPhaseAsync(HttpClient http, (string Op, int Weight)[] mix, Zipf? zipf, TimeSpan duration, long maxRequests,
        Dictionary<string, OperationResult>? record)
    {
        long issued = 0;
        var clock = Stopwatch.StartNew();
        bool More() => clock.Elapsed < duration && Interlocked.Increment(ref issued) <= maxRequests;

        if (settings.Rate <= 0)
        {
            var workers = Enumerable.Range(0, settings.Connections).Select(w => Task.Run(async () =>
            {
                var random = new Random(w * 7919 + 1);
                while (More())
                    await SendAsync(http, Pick(mix, random), zipf, random, Stopwatch.GetTimestamp(), clock, record);
            }));
            await Task.WhenAll(workers);
            return;
        }

        // Open loop: request n is due at n / rate; at most Connections are in flight, the rest wait (and it shows).
        using var slots = new SemaphoreSlim(settings.Connections);
        var pending = new List<Task>();
        var rng = new Random(17);
        for (long n = 0; More(); n++)
        {
            var due = TimeSpan.FromSeconds((double)n / settings.Rate);
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
                await Task.Delay(wait);
            long dueTimestamp = Stopwatch.GetTimestamp() - (long)((clock.Elapsed - due).TotalSeconds * Stopwatch.Frequency);
            string op = Pick(mix, rng);
            int seed = rng.Next();
            pending.Add(Task.Run(async () =>
            {
                await slots.WaitAsync();
                try
                {
                    await SendAsync(http, op, zipf, new Random(seed), dueTimestamp, clock, record);
                }
                finally
                {
                    slots.Release();
                }
            }));
            if (pending.Count > 10_000)
                pending.RemoveAll(t => t.IsCompleted);
        }
        await Task.WhenAll(pending);
    }

    private static string Pick((string Op, int Weight)[] mix, Random random)
    {
        int roll = random.Next(mix.Sum(m => m.Weight));
        foreach (var (op, weight) in mix)
        {
            if ((roll -= weight) < 0)
                return op;
        }
        return mix[^1].Op;
    }

    private async Task SendAsync(HttpClient http, string op, Zipf? zipf, Random random, long startTimestamp, Stopwatch clock,
        Dictionary<string, OperationResult>? record)
    {
        string player = Player(zipf?.Next(random) ?? random.Next(settings.Members));
        bool ok;
        try
        {
            using var response = op switch
            {
                "submit" => await http.PostAsync($"/api/v1/boards/{BoardId}/scores", Score(player, random.Next(1_000_000_000))),
                "top" => await http.GetAsync($"/api/v1/boards/{BoardId}/top?limit=10"),
                "rank" => await http.GetAsync($"/api/v1/boards/{BoardId}/players/{player}"),
                _ => await http.GetAsync($"/api/v1/boards/{BoardId}/players/{player}/around?count=5"),
            };
            await response.Content.LoadIntoBufferAsync();
            ok = response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            ok = false;
        }
        record?[op].Record(Stopwatch.GetElapsedTime(startTimestamp), ok, clock.Elapsed);
    }
}

internal sealed record HttpSettings(
    string Scenario, Uri Url, string Key, int Connections, int Seconds, int WarmupSeconds, int Rate, long MaxRequests,
    int Members, double ZipfExponent, string OutDir);
