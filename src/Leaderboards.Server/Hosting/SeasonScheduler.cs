using Leaderboards.Service.Catalog;
using Leaderboards.Service.Durability;
using Leaderboards.Storage;

namespace Leaderboards.Server.Hosting;

/// <summary>
/// Starts due seasons on boards nobody writes to, once a second, so live subscribers see the rollover at the boundary
/// (writes and reads start a due season themselves).
/// </summary>
internal sealed partial class SeasonScheduler(BoardCatalog boards, Readiness readiness, TimeProvider time, ILogger<SeasonScheduler> logger)
    : AfterRecoveryLoop(readiness, time)
{
    protected override TimeSpan Interval => TimeSpan.FromSeconds(1);

    protected override async Task StepAsync(CancellationToken cancellationToken)
    {
        foreach (var handle in boards.All)
        {
            if (handle.Settings.Reset.Every == ResetEvery.None || !handle.TryEnter(out var lease))
                continue;
            using (lease)
            {
                try
                {
                    await handle.CurrentSeasonAsync(cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Log.RollFailed(logger, handle.Id, e);
                }
            }
        }
    }

    protected override void Failed(Exception error) => Log.PassFailed(logger, error);

    private static partial class Log
    {
        [LoggerMessage(EventId = 120, Level = LogLevel.Warning, Message = "Starting the next season of board {BoardId} failed; retried in a second")]
        public static partial void RollFailed(ILogger logger, string boardId, Exception exception);

        [LoggerMessage(EventId = 121, Level = LogLevel.Error, Message = "Looking for due seasons failed; looked again in a second")]
        public static partial void PassFailed(ILogger logger, Exception exception);
    }
}
