using System.Net;
using System.Net.Http.Json;
using Leaderboards.Server.Tests.Support;
using Leaderboards.Testing;

namespace Leaderboards.Server.Tests.Durability;

/// <summary>
/// A real server process under write load, killed with SIGKILL at random moments and restarted, 20 times per policy.
/// Each writer sends numbered scores for its own players in order; after each restart the board must hold, for every
/// writer, exactly the effect of a prefix of what it sent, and that prefix must include every write it had acknowledged.
/// </summary>
[Trait("Category", "Process")]
public sealed class CrashRecoveryTests : IDisposable
{
    private const int Cycles = 20;
    private const int Writers = 4;
    private const int PlayersPerWriter = 25;
    private const int MaxWritesPerCycle = 3000;
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "lb-crash-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    [Theory]
    [InlineData("always")]
    [InlineData("everysec")]
    public async Task KillNine_UnderLoad_LosesNoAcknowledgedWrite_AndKeepsAPrefix(string fsync)
    {
        var settings = new Dictionary<string, string> { ["Leaderboards__Persistence__Fsync"] = fsync };
        var random = new Random(fsync.Length);
        var expected = new Dictionary<string, long>();
        var server = await ServerProcess.StartAsync(_dataDir, settings);
        try
        {
            var created = await server.Client.PutAsJsonAsync("/api/v1/boards/crash", new { updatePolicy = "latest", partitions = 3 });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            for (int cycle = 0; cycle < Cycles; cycle++)
            {
                using var stop = new CancellationTokenSource();
                // Kill after a random number of acknowledged writes, while the writers have more in flight.
                var load = new CountSignal();
                int killAfter = random.Next(20, 1500);
                var writers = Enumerable.Range(0, Writers).Select(w => WriteAsync(server.Client, cycle, w, load, stop.Token)).ToArray();
                await Task.WhenAny(Task.WhenAll(writers), load.WhenAtLeastAsync(killAfter)).WaitAsync(TimeSpan.FromSeconds(60));
                await server.KillAsync();
                stop.Cancel();
                var progress = await Task.WhenAll(writers);

                await server.DisposeAsync();
                server = await ServerProcess.StartAsync(_dataDir, settings);
                var state = await BoardScores.ReadAsync(server.Client, "crash");

                foreach (var (player, score) in expected)
                    Assert.True(state.TryGetValue(player, out long now) && now == score, $"cycle {cycle}: {player} was {score}, now {(state.TryGetValue(player, out long n) ? n : "missing")}");
                for (int w = 0; w < Writers; w++)
                    CheckPrefix(cycle, w, progress[w], state, expected);
                Assert.Equal(expected.Count, state.Count);
            }
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    private sealed record Progress(int Sent, int Acknowledged);

    /// <summary>Write i sets player i % PlayersPerWriter of this writer to score i; one write at a time, in order.</summary>
    private static async Task<Progress> WriteAsync(HttpClient client, int cycle, int writer, CountSignal load, CancellationToken stop)
    {
        int sent = -1, acknowledged = -1;
        for (int i = 0; i < MaxWritesPerCycle && !stop.IsCancellationRequested; i++)
        {
            sent = i;
            try
            {
                using var response = await client.PostAsJsonAsync($"/api/v1/boards/crash/scores",
                    new { playerId = Player(cycle, writer, i % PlayersPerWriter), score = i }, stop);
                if (response.StatusCode != HttpStatusCode.OK)
                    break;
                acknowledged = i;
                load.Increment();
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
            {
                break;
            }
        }
        return new Progress(sent, acknowledged);
    }

    private static void CheckPrefix(int cycle, int writer, Progress progress, Dictionary<string, long> state, Dictionary<string, long> expected)
    {
        // The longest prefix the board reflects: the highest write index found for this writer.
        long prefix = -1;
        for (int p = 0; p < PlayersPerWriter; p++)
        {
            if (state.TryGetValue(Player(cycle, writer, p), out long score))
                prefix = Math.Max(prefix, score);
        }
        Assert.True(prefix >= progress.Acknowledged, $"cycle {cycle} writer {writer}: acknowledged write {progress.Acknowledged} is missing (board has up to {prefix})");
        Assert.True(prefix <= progress.Sent, $"cycle {cycle} writer {writer}: board has write {prefix}, never sent");
        for (int p = 0; p < PlayersPerWriter; p++)
        {
            // After writes 0..prefix, player p holds the last index <= prefix that maps to it, if any.
            long last = prefix - ((prefix - p) % PlayersPerWriter + PlayersPerWriter) % PlayersPerWriter;
            string player = Player(cycle, writer, p);
            if (last < 0)
                Assert.False(state.ContainsKey(player), $"cycle {cycle}: {player} exists beyond the prefix");
            else
                Assert.True(state.TryGetValue(player, out long score) && score == last, $"cycle {cycle}: {player} should be {last} after prefix {prefix}");
            if (last >= 0)
                expected[player] = last;
        }
    }

    private static string Player(int cycle, int writer, int player) => $"c{cycle}-w{writer}-p{player}";
}
