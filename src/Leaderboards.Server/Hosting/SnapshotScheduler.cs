using Leaderboards.Service.Durability;
using Leaderboards.Service.Embedded;
using Leaderboards.Storage;
using Microsoft.Extensions.Options;

namespace Leaderboards.Server.Hosting;

/// <summary>Takes a snapshot every <see cref="PersistenceOptions.SnapshotInterval"/> once recovery is done.</summary>
internal sealed partial class SnapshotScheduler(DurableStore store, Readiness readiness, IOptions<PersistenceOptions> options, ILogger<SnapshotScheduler> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.SnapshotInterval;
        if (interval <= TimeSpan.Zero)
            return;
        try
        {
            await readiness.Recovered.WaitAsync(stoppingToken);
        }
        catch (Exception)
        {
            return;
        }
        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await store.SnapshotAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.Failed(logger, e);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 110, Level = LogLevel.Error, Message = "Periodic snapshot failed; the next one is tried at the next interval")]
        public static partial void Failed(ILogger logger, Exception exception);
    }
}
