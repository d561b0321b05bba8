using Leaderboards.Server.Settings;
using Leaderboards.Service.Catalog;
using Leaderboards.Service.Clustered;
using Leaderboards.Service.Durability;
using Leaderboards.Service.Embedded;
using Leaderboards.Service.Keys;
using Leaderboards.Service.Stores;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Leaderboards.Server.Hosting;

/// <summary>
/// Installs the admin key, then recovers the data directory in the background while the server already answers
/// <c>/healthz</c> and <c>/readyz</c>. If recovery fails (damaged data), the process says why and stops.
/// </summary>
internal sealed partial class StartupService(
    IOptions<ServerOptions> options,
    IOptions<ClusterStoreOptions> clusterOptions,
    DataDirectory dataDirectory,
    ApiKeyStore keys,
    BoardCatalog boards,
    IStore store,
    Readiness readiness,
    IServer server,
    IHostApplicationLifetime lifetime,
    Observability.MetricsCollector collector,
    Observability.LeaderboardsMetrics metrics,
    Observability.OtlpExport otlp,
    ILogger<StartupService> logger) : IHostedService
{
    private Task _recovery = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Both exist from the start: the collector sees every instrument, the metrics see every fsync and snapshot.
        _ = (collector, metrics, otlp);
        keys.SetAdminKey(AdminKeyBootstrap.Resolve(options.Value.AdminKey, dataDirectory.Path, Console.Out));
        _recovery = Task.Run(RecoverAsync, CancellationToken.None);
        lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses;
            if (addresses is { Count: > 0 })
                Console.WriteLine($"Leaderboards is listening on {string.Join(", ", addresses)} ({Describe()})");
        });
        return Task.CompletedTask;
    }

    private async Task RecoverAsync()
    {
        try
        {
            await store.RecoverAsync(boards, keys, lifetime.ApplicationStopping);
            readiness.SetRecovered();
            Console.WriteLine("Leaderboards is ready: every acknowledged change is loaded");
        }
        catch (Exception e)
        {
            readiness.SetFailed(e);
            if (e is OperationCanceledException)
                return;
            Log.RecoveryFailed(logger, e);
            Console.Error.WriteLine("Leaderboards cannot start: " + e.Message);
            lifetime.StopApplication();
        }
    }

    private string Describe() => store switch
    {
        DurableStore durable => $"data: {dataDirectory.Path}, fsync: {durable.Fsync.ToString().ToLowerInvariant()}",
        ClusterStore cluster => $"store: Redis Cluster {string.Join(",", clusterOptions.Value.SeedNodes())}, snapshots: {cluster.SnapshotDirectory}",
        _ => $"store: {store.Kind}",
    };

    public Task StopAsync(CancellationToken cancellationToken) => _recovery.WaitAsync(cancellationToken);

    private static partial class Log
    {
        [LoggerMessage(EventId = 101, Level = LogLevel.Critical, Message = "Recovery failed; the server stops without serving")]
        public static partial void RecoveryFailed(ILogger logger, Exception exception);
    }
}
