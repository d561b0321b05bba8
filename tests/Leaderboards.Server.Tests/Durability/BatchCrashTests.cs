using System.Net;
using System.Net.Http.Json;
using Leaderboards.Server.Tests.Support;
using Leaderboards.Testing;
using Xunit.Abstractions;

namespace Leaderboards.Server.Tests.Durability;

/// <summary>
/// A real server process taking score batches that span partitions and one-score-many-boards submits, killed with SIGKILL
/// at random moments and restarted, 10 times per fsync policy. After each restart every batch is on the board whole or not
/// at all, every multi-board submit is on all its boards or on none, everything acknowledged is there (a process kill
/// leaves the page cache, so this holds under "everysec" too), and nothing that was never sent is.
/// </summary>
[Trait("Category", "Process")]
public sealed class BatchCrashTests(ITestOutputHelper output) : IDisposable
{
    private const int Cycles = 10;
    private const int BatchWriters = 3;
    private const int MultiWriters = 1;
    private const int BatchSize = 50;
    private const int MaxRequestsPerWriter = 2000;
    private const string BatchBoard = "bc-a";
    private static readonly string[] MultiBoards = [BatchBoard, "bc-b", "bc-c"];
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "lb-batchcrash-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        // A server that never started never made the directory; the start failure is the error to report.
        if (Directory.Exists(_dataDir))
            Directory.Delete(_dataDir, recursive: true);
    }

    [Theory]
    [InlineData("always")]
    [InlineData("everysec")]
    public async Task KillNine_KeepsEveryBatchAndMultiBoardSubmit_WholeOrNotAtAll(string fsync)
    {
        var settings = new Dictionary<string, string> { ["Leaderboards__Persistence__Fsync"] = fsync };
        var random = new Random(fsync.Length);
        var expected = MultiBoards.ToDictionary(b => b, _ => new Dictionary<string, long>());
        var inFlight = new InFlightTally();
        var server = await ServerProcess.StartAsync(_dataDir, settings);
        try
        {
            // The batch board spreads players over 8 partitions, so a 50-player batch touches nearly all of them.
            await CreateBoardAsync(server.Client, BatchBoard, 8);
            await CreateBoardAsync(server.Client, "bc-b", 4);
            await CreateBoardAsync(server.Client, "bc-c", 1);
            for (int cycle = 0; cycle < Cycles; cycle++)
            {
                using var stop = new CancellationTokenSource();
                // Kill after a random number of acknowledged requests, while the writers have more in flight.
                var load = new CountSignal();
                int killAfter = random.Next(5, 100);
                var writers = Enumerable.Range(0, BatchWriters + MultiWriters)
                    .Select(w => WriteAsync(server.Client, cycle, w, load, stop.Token))
                    .ToArray();
                await Task.WhenAny(Task.WhenAll(writers), load.WhenAtLeastAsync(killAfter)).WaitAsync(TimeSpan.FromSeconds(30));
                await server.KillAsync();
                stop.Cancel();
                var progress = await Task.WhenAll(writers).WaitAsync(TimeSpan.FromSeconds(30));

                await server.DisposeAsync();
                server = await ServerProcess.StartAsync(_dataDir, settings);
                var state = new Dictionary<string, Dictionary<string, long>>();
                foreach (var board in MultiBoards)
                    state[board] = await BoardScores.ReadAsync(server.Client, board);

                foreach (var board in MultiBoards)
                {
                    foreach (var (player, score) in expected[board])
                        Assert.True(state[board].TryGetValue(player, out long now) && now == score, $"{fsync} cycle {cycle}: {board}/{player} was {score}, now {(state[board].TryGetValue(player, out long n) ? n : "missing")}");
                }
                for (int w = 0; w < BatchWriters + MultiWriters; w++)
                {
                    var p = progress[w];
                    Assert.True(p.Refused is null, $"{fsync} cycle {cycle} writer {w}: request {p.Sent} answered {p.Refused} before the kill");
                    for (int i = 0; i <= p.Sent; i++)
                    {
                        bool present = IsBatchWriter(w)
                            ? CheckBatch(fsync, cycle, w, i, acknowledged: i <= p.Acknowledged, state[BatchBoard], expected[BatchBoard])
                            : CheckMulti(fsync, cycle, w, i, acknowledged: i <= p.Acknowledged, state, expected);
                        if (i > p.Acknowledged)
                            inFlight.Add(IsBatchWriter(w), present);
                    }
                }
                // Nothing that was never sent: every entry on every board is one the checks above accounted for.
                foreach (var board in MultiBoards)
                {
                    var unknown = state[board].Keys.Where(player => !expected[board].ContainsKey(player)).Take(10).ToList();
                    Assert.True(unknown.Count == 0, $"{fsync} cycle {cycle}: {board} holds entries never sent or beyond what was sent: {string.Join(", ", unknown)}");
                }
            }
        }
        finally
        {
            await server.DisposeAsync();
        }
        output.WriteLine($"{fsync}: unacknowledged requests found whole after the restart / absent: batches {inFlight.BatchesPresent}/{inFlight.BatchesAbsent}, multi-board {inFlight.MultiPresent}/{inFlight.MultiAbsent}");
    }

    private static bool IsBatchWriter(int writer) => writer < BatchWriters;

    /// <summary>How many requests unanswered at the kill turned out kept or dropped, to show the kill lands mid-write.</summary>
    private sealed class InFlightTally
    {
        public int BatchesPresent { get; private set; }
        public int BatchesAbsent { get; private set; }
        public int MultiPresent { get; private set; }
        public int MultiAbsent { get; private set; }

        public void Add(bool batch, bool present)
        {
            if (batch && present) BatchesPresent++;
            else if (batch) BatchesAbsent++;
            else if (present) MultiPresent++;
            else MultiAbsent++;
        }
    }

    /// <summary>Requests 0..Sent were sent, 0..Acknowledged answered 200; Refused is a status answered instead of 200.</summary>
    private sealed record Progress(int Sent, int Acknowledged, HttpStatusCode? Refused);

    /// <summary>One request at a time, in order: a batch of fresh players on the batch board, or one fresh player on every board.</summary>
    private static async Task<Progress> WriteAsync(HttpClient client, int cycle, int writer, CountSignal load, CancellationToken stop)
    {
        int sent = -1, acknowledged = -1;
        for (int i = 0; i < MaxRequestsPerWriter && !stop.IsCancellationRequested; i++)
        {
            sent = i;
            try
            {
                using var response = IsBatchWriter(writer)
                    ? await client.PostAsJsonAsync($"/api/v1/boards/{BatchBoard}/scores/batch", new
                    {
                        entries = Enumerable.Range(0, BatchSize).Select(j => new { playerId = BatchPlayer(cycle, writer, i, j), score = BatchScore(i, j) }),
                    }, stop)
                    : await client.PostAsJsonAsync("/api/v1/scores", new { boards = MultiBoards, playerId = MultiPlayer(cycle, writer, i), score = (long)i }, stop);
                if (response.StatusCode != HttpStatusCode.OK)
                    return new Progress(sent, acknowledged, response.StatusCode);
                acknowledged = i;
                load.Increment();
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
            {
                break;
            }
        }
        return new Progress(sent, acknowledged, null);
    }

    /// <summary>Batch i must be on the board with all its players or none; an acknowledged one with all. Answers whether it is there.</summary>
    private static bool CheckBatch(string fsync, int cycle, int writer, int i, bool acknowledged, Dictionary<string, long> state, Dictionary<string, long> expected)
    {
        var present = new List<int>();
        var absent = new List<int>();
        for (int j = 0; j < BatchSize; j++)
        {
            string player = BatchPlayer(cycle, writer, i, j);
            if (state.TryGetValue(player, out long score))
            {
                Assert.True(score == BatchScore(i, j), $"{fsync} cycle {cycle}: {player} has score {score}, sent {BatchScore(i, j)}");
                present.Add(j);
            }
            else
            {
                absent.Add(j);
            }
        }
        Assert.True(present.Count == 0 || absent.Count == 0,
            $"{fsync} cycle {cycle} writer {writer}: batch {i} ({(acknowledged ? "acknowledged" : "unacknowledged")}) is partly on {BatchBoard}: players present [{string.Join(",", present)}], absent [{string.Join(",", absent)}]");
        Assert.True(!acknowledged || absent.Count == 0, $"{fsync} cycle {cycle} writer {writer}: acknowledged batch {i} is missing");
        if (absent.Count == 0)
        {
            for (int j = 0; j < BatchSize; j++)
                expected[BatchPlayer(cycle, writer, i, j)] = BatchScore(i, j);
        }
        return absent.Count == 0;
    }

    /// <summary>Multi-board submit i must be on every board or none; an acknowledged one on every board. Answers whether it is there.</summary>
    private static bool CheckMulti(string fsync, int cycle, int writer, int i, bool acknowledged, Dictionary<string, Dictionary<string, long>> state, Dictionary<string, Dictionary<string, long>> expected)
    {
        string player = MultiPlayer(cycle, writer, i);
        var on = MultiBoards.Where(b => state[b].ContainsKey(player)).ToList();
        Assert.True(on.Count == 0 || on.Count == MultiBoards.Length,
            $"{fsync} cycle {cycle}: multi-board submit {player} ({(acknowledged ? "acknowledged" : "unacknowledged")}) is only on [{string.Join(",", on)}]");
        Assert.True(!acknowledged || on.Count == MultiBoards.Length, $"{fsync} cycle {cycle}: acknowledged multi-board submit {player} is missing");
        foreach (var board in on)
        {
            Assert.True(state[board][player] == i, $"{fsync} cycle {cycle}: {board}/{player} has score {state[board][player]}, sent {i}");
            expected[board][player] = i;
        }
        return on.Count > 0;
    }

    private static string BatchPlayer(int cycle, int writer, int batch, int player) => $"c{cycle}-w{writer}-b{batch}-p{player}";

    private static long BatchScore(int batch, int player) => batch * 1000L + player;

    private static string MultiPlayer(int cycle, int writer, int submit) => $"c{cycle}-w{writer}-m{submit}";

    private static async Task CreateBoardAsync(HttpClient client, string board, int partitions)
    {
        using var created = await client.PutAsJsonAsync($"/api/v1/boards/{board}", new { updatePolicy = "latest", partitions });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }
}
