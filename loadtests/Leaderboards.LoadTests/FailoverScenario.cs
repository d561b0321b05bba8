using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Leaderboards.Contracts;

namespace Leaderboards.LoadTests;

/// <summary>
/// A failover drill: writers submit scores through every given service node for a while (an operator kills a Redis
/// master meanwhile), then every player is read back through every node and each acknowledged score is looked for.
/// The board keeps each player's best score and each writer's scores only rise, so an acknowledged score is kept when
/// the player's stored score is at least that high. A refused write (503) may or may not be applied and is not looked
/// for; any other failure is reported. Exits 1 when an acknowledged score is missing, a node disagrees, or a write
/// failed other than with 503.
/// </summary>
internal sealed class FailoverScenario(FailoverSettings settings)
{
    private const string BoardId = "failover-drill";

    private static LeaderboardsJsonContext Json => LeaderboardsJsonContext.Client;

    // Writes that failed other than with 503, by what came back ("404", "no answer").
    private readonly ConcurrentDictionary<string, long> _failures = new(StringComparer.Ordinal);

    private long Failed => _failures.Values.Sum();

    public async Task<int> RunAsync()
    {
        var clients = settings.Urls.Select(NewClient).ToArray();
        try
        {
            await PrepareAsync(clients[0]);
            await AwaitBoardOnEveryNodeAsync(clients);
            var writers = Enumerable.Range(0, settings.Writers).Select(w => new Writer(w, settings.PlayersPerWriter)).ToArray();
            var clock = Stopwatch.StartNew();
            var stop = TimeSpan.FromSeconds(settings.Seconds);
            var writing = writers.Select(w => Task.Run(() => WriteAsync(w, clients[w.Index % clients.Length], clock, stop))).ToArray();
            await ReportProgressAsync(writers, clock, Task.WhenAll(writing));
            await Task.WhenAll(writing);

            Console.Error.WriteLine("failover: reading every player back through every node");
            var expected = writers.SelectMany(w => w.Acknowledged()).ToDictionary(p => p.Player, p => p.Score, StringComparer.Ordinal);
            var players = writers.SelectMany(w => w.Players()).ToList();
            var stores = new List<Dictionary<string, long>>();
            int lost = 0;
            foreach (var (client, url) in clients.Zip(settings.Urls))
            {
                var stored = await ReadAllAsync(client, players);
                int missing = expected.Count(e => !stored.TryGetValue(e.Key, out long score) || score < e.Value);
                Console.Error.WriteLine($"failover: {url}: {stored.Count:N0} players stored, {missing:N0} acknowledged scores missing");
                lost = Math.Max(lost, missing);
                stores.Add(stored);
            }
            int disagreeing = stores.Skip(1).Count(stored => !SameScores(stores[0], stored));
            return Summarise(writers, expected.Count, lost, disagreeing);
        }
        finally
        {
            foreach (var client in clients)
                client.Dispose();
        }
    }

    private HttpClient NewClient(Uri url)
    {
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan }) { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", settings.Key);
        return http;
    }

    private async Task PrepareAsync(HttpClient http)
    {
        await http.DeleteAsync($"/api/v1/boards/{BoardId}");
        var board = new BoardRequest { DisplayName = "Failover drill", Order = "desc", UpdatePolicy = "best", Partitions = settings.Partitions };
        using var created = await http.PutAsJsonAsync($"/api/v1/boards/{BoardId}", board, Json.BoardRequest);
        if (!created.IsSuccessStatusCode)
            throw new ArgumentException($"creating board {BoardId} through {http.BaseAddress} answered {(int)created.StatusCode}: {await created.Content.ReadAsStringAsync()}");
        Console.Error.WriteLine($"failover: board {BoardId} ({settings.Partitions} partitions); {settings.Writers} writers over {settings.Urls.Count} node(s) for {settings.Seconds} s");
    }

    /// <summary>
    /// Cluster nodes follow the catalog a little behind each other: writes start once every node serves the board just
    /// created (the same creation time), not a previous run's board of the same id.
    /// </summary>
    private static async Task AwaitBoardOnEveryNodeAsync(HttpClient[] clients)
    {
        var created = (await clients[0].GetFromJsonAsync($"/api/v1/boards/{BoardId}", Json.BoardResponse))!.CreatedAt;
        var deadline = Stopwatch.StartNew();
        foreach (var client in clients.Skip(1))
        {
            while ((await TryGetBoardAsync(client))?.CreatedAt != created)
            {
                if (deadline.Elapsed > TimeSpan.FromSeconds(10))
                    throw new ArgumentException($"{client.BaseAddress} did not serve board {BoardId} within 10 s of its creation: are the nodes on the same cluster?");
                await Task.Delay(TimeSpan.FromMilliseconds(50));
            }
        }
    }

    private static async Task<BoardResponse?> TryGetBoardAsync(HttpClient http)
    {
        using var response = await http.GetAsync($"/api/v1/boards/{BoardId}");
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync(Json.BoardResponse) : null;
    }

    private async Task WriteAsync(Writer writer, HttpClient http, Stopwatch clock, TimeSpan stop)
    {
        for (long score = 1; clock.Elapsed < stop; score++)
        {
            int player = (int)(score % writer.PlayerCount);
            HttpStatusCode? status;
            try
            {
                using var response = await http.PostAsJsonAsync($"/api/v1/boards/{BoardId}/scores",
                    new ScoreRequest { PlayerId = writer.Player(player), Score = score }, Json.ScoreRequest);
                status = response.StatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                status = null;
            }
            if (!writer.Record(player, score, status, clock.Elapsed))
                _failures.AddOrUpdate(status is { } code ? ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture) : "no answer", 1, (_, n) => n + 1);
            if (status == HttpStatusCode.ServiceUnavailable)
                await Task.Delay(TimeSpan.FromMilliseconds(50)); // a short pause, so an outage is not a busy loop
        }
    }

    /// <summary>One line a second: acknowledged, refused and failed writes in that second, so the outage shows as it happens.</summary>
    private async Task ReportProgressAsync(Writer[] writers, Stopwatch clock, Task done)
    {
        long ackBefore = 0, refusedBefore = 0, failedBefore = 0;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (!done.IsCompleted && await timer.WaitForNextTickAsync())
        {
            long ack = writers.Sum(w => w.AcknowledgedCount), refused = writers.Sum(w => w.RefusedCount), failed = Failed;
            Console.Error.WriteLine($"failover: {clock.Elapsed.TotalSeconds,5:F1} s  acknowledged {ack - ackBefore,6}/s  refused (503) {refused - refusedBefore,5}  failed {failed - failedBefore,4}");
            (ackBefore, refusedBefore, failedBefore) = (ack, refused, failed);
        }
    }

    private static async Task<Dictionary<string, long>> ReadAllAsync(HttpClient http, List<string> players)
    {
        var stored = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var chunk in players.Chunk(1000))
        {
            var request = new PlayersQueryRequest { PlayerIds = [.. chunk] };
            using var response = await http.PostAsJsonAsync($"/api/v1/boards/{BoardId}/players/query?consistency=strong", request, Json.PlayersQueryRequest);
            response.EnsureSuccessStatusCode();
            var answer = await response.Content.ReadFromJsonAsync(Json.PlayersQueryResponse);
            foreach (var entry in answer!.Entries)
                stored[entry.PlayerId] = entry.Score;
        }
        return stored;
    }

    private static bool SameScores(Dictionary<string, long> a, Dictionary<string, long> b) =>
        a.Count == b.Count && a.All(e => b.TryGetValue(e.Key, out long score) && score == e.Value);

    private int Summarise(Writer[] writers, int playersAcknowledged, int lost, int disagreeing)
    {
        long ack = writers.Sum(w => w.AcknowledgedCount), refused = writers.Sum(w => w.RefusedCount), failed = Failed;
        var firstRefused = writers.Select(w => w.FirstRefused).Where(t => t is not null).Min();
        var lastRefused = writers.Select(w => w.LastRefused).Where(t => t is not null).Max();
        Console.WriteLine($"| failover drill, {settings.Writers} writers, {settings.Urls.Count} node(s), {settings.Seconds} s | value |");
        Console.WriteLine("|---|---:|");
        Console.WriteLine($"| writes acknowledged | {ack:N0} |");
        Console.WriteLine($"| writes refused with 503 (may or may not be applied) | {refused:N0} |");
        string kinds = string.Join(", ", _failures.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key} x{f.Value}"));
        Console.WriteLine($"| writes failed otherwise | {failed:N0}{(kinds.Length > 0 ? $" ({kinds})" : "")} |");
        Console.WriteLine($"| refusals from first to last | {(firstRefused is { } f && lastRefused is { } l ? $"{f.TotalSeconds:F1} s to {l.TotalSeconds:F1} s" : "none")} |");
        Console.WriteLine($"| players with an acknowledged score | {playersAcknowledged:N0} |");
        Console.WriteLine($"| acknowledged scores missing | {lost:N0} |");
        Console.WriteLine($"| nodes disagreeing with the first | {disagreeing} |");
        return lost == 0 && disagreeing == 0 && failed == 0 ? 0 : 1;
    }

    /// <summary>One writer's players and the highest score each was acknowledged with. Only its own task writes to it.</summary>
    private sealed class Writer(int index, int playerCount)
    {
        private readonly long[] _acknowledged = new long[playerCount];
        private long _acknowledgedCount, _refusedCount;

        public int Index => index;
        public int PlayerCount => playerCount;
        public long AcknowledgedCount => Interlocked.Read(ref _acknowledgedCount);
        public long RefusedCount => Interlocked.Read(ref _refusedCount);
        public TimeSpan? FirstRefused { get; private set; }
        public TimeSpan? LastRefused { get; private set; }

        public string Player(int player) => $"w{index}-p{player}";

        public IEnumerable<string> Players() => Enumerable.Range(0, playerCount).Select(Player);

        public IEnumerable<(string Player, long Score)> Acknowledged() =>
            Enumerable.Range(0, playerCount).Where(p => _acknowledged[p] > 0).Select(p => (Player(p), _acknowledged[p]));

        /// <summary>Counts an acknowledged or refused answer; false (nothing counted) when the write failed otherwise.</summary>
        public bool Record(int player, long score, HttpStatusCode? status, TimeSpan at)
        {
            switch (status)
            {
                case HttpStatusCode.OK:
                    _acknowledged[player] = score;
                    Interlocked.Increment(ref _acknowledgedCount);
                    break;
                case HttpStatusCode.ServiceUnavailable:
                    FirstRefused ??= at;
                    LastRefused = at;
                    Interlocked.Increment(ref _refusedCount);
                    break;
                default:
                    return false;
            }
            return true;
        }
    }
}

internal sealed record FailoverSettings(IReadOnlyList<Uri> Urls, string Key, int Writers, int Seconds, int PlayersPerWriter, int Partitions);
