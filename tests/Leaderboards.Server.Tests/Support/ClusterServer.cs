using Leaderboards.Redis.Tests.Support;

namespace Leaderboards.Server.Tests.Support;

/// <summary>
/// A 6-node Redis Cluster on free ports and the service in cluster mode over it, shared by the test classes of the
/// <see cref="Collection"/> collection (they run one after another). Each test uses boards of its own, as with the
/// embedded fixture; the keys live under a prefix of this fixture's own.
/// </summary>
public sealed class ClusterServer : IAsyncLifetime
{
    public const string Collection = "Redis Cluster";

    private ServerFactory? _server;

    public ClusterFixture Cluster { get; } = new();

    public ServerFactory Server => _server ?? throw new InvalidOperationException("The cluster did not start.");

    public async Task InitializeAsync()
    {
        await Cluster.InitializeAsync();
        _server = NewNode();
        _ = _server.Services; // starts the host and waits for recovery
    }

    /// <summary>Another service node over the same cluster and key prefix (dispose it); a key made on one works on all.</summary>
    public ServerFactory NewNode(Dictionary<string, string?>? settings = null, TimeProvider? time = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Leaderboards:Store"] = "redis",
            ["Leaderboards:Redis:Endpoints"] = string.Join(",", Cluster.Endpoints.Select(e => $"{e.Host}:{e.Port}")),
            ["Leaderboards:Redis:KeyPrefix"] = KeyPrefix,
        };
        foreach (var (key, value) in settings ?? [])
            all[key] = value;
        return new ServerFactory(settings: all, time: time);
    }

    public string KeyPrefix { get; } = $"t{Guid.NewGuid():N}"[..12] + ":";

    public async Task DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
        await Cluster.DisposeAsync();
    }
}
