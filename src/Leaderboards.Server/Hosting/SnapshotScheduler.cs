using Leaderboards.Service.Durability;
using Leaderboards.Service.Stores;
using Leaderboards.Storage;
using Microsoft.Extensions.Options;

namespace Leaderboards.Server.Hosting;

/// <summary>Takes a snapshot every <see cref="PersistenceOptions.SnapshotInterval"/> once recovery is done.</summary>
internal sealed partial class SnapshotScheduler(IStore store, Readiness readiness, IOptions<PersistenceOptions> options, TimeProvider time, ILogger<SnapshotScheduler> logger)
    : AfterRecoveryLoop(readiness, time)
{
    protected override TimeSpan Interval => options.Value.SnapshotInterval;

    protected override Task StepAsync(CancellationToken cancellationToken) => store.SnapshotAsync(cancellationToken);

    protected override void Failed(Exception error) => Log.Failed(logger, error);

    private static partial class Log
    {
        [LoggerMessage(EventId = 110, Level = LogLevel.Error, Message = "Periodic snapshot failed; the next one is tried at the next interval")]
        public static partial void Failed(ILogger logger, Exception exception);
    }
}
