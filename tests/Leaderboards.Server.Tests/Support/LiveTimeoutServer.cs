using System.Globalization;
using System.Net.Http.Json;

namespace Leaderboards.Server.Tests.Support;

/// <summary>
/// A server process with short live timeouts: a connection that takes no update for 2 s, or sends nothing for 3 s, is
/// closed. Real sockets, so a client that stops reading fills real kernel buffers.
/// </summary>
public sealed class LiveTimeoutServer : IAsyncLifetime
{
    public static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(3);

    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "lb-live-" + Guid.NewGuid().ToString("N"));

    public ServerProcess Server { get; private set; } = null!;

    public Uri Address => Server.Client.BaseAddress!;

    public async Task InitializeAsync() =>
        Server = await ServerProcess.StartAsync(_dataDir, new Dictionary<string, string>
        {
            ["Leaderboards__Live__SendTimeout"] = SendTimeout.ToString("c", CultureInfo.InvariantCulture),
            ["Leaderboards__Live__ClientTimeout"] = ClientTimeout.ToString("c", CultureInfo.InvariantCulture),
        });

    /// <summary>The server's <c>leaderboards_hub_connections</c> gauge.</summary>
    public async Task<long> ConnectionsAsync()
    {
        string metrics = await Server.Client.GetStringAsync("/metrics");
        foreach (string line in metrics.Split('\n'))
        {
            if (line.StartsWith("leaderboards_hub_connections", StringComparison.Ordinal))
                return (long)double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
        }
        throw new InvalidOperationException("/metrics has no leaderboards_hub_connections:\n" + metrics);
    }

    /// <summary>Polls the gauge (every 100 ms, within the timeout) until <paramref name="done"/> holds; answers the last value.</summary>
    public async Task<long> WaitForConnectionsAsync(Func<long, bool> done, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        long connections = await ConnectionsAsync();
        while (!done(connections) && await poll.WaitForNextTickAsync(CancellationToken.None) && !deadline.IsCancellationRequested)
            connections = await ConnectionsAsync();
        return connections;
    }

    public async Task CreateBoardAsync(string boardId) =>
        (await Server.Client.PutAsJsonAsync($"/api/v1/boards/{boardId}", new { publicRead = true, updatePolicy = "latest" })).EnsureSuccessStatusCode();

    public async Task SubmitAsync(string boardId, string playerId, long score, string? metadata = null)
    {
        object body = metadata is null
            ? new { playerId, score }
            : new { playerId, score, metadata = System.Text.Json.Nodes.JsonNode.Parse(metadata) };
        (await Server.Client.PostAsJsonAsync($"/api/v1/boards/{boardId}/scores", body)).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
