using Leaderboards.Service.Catalog;
using Leaderboards.Service.Durability;
using Leaderboards.Storage;

namespace Leaderboards.Server.Hosting;

/// <summary>
/// Starts due seasons on boards nobody writes to, once a second, so live subscribers see the rollover at the boundary
/// (writes and reads start a due season themselves).
/// </summary>
internal sealed partial class SeasonScheduler(BoardCatalog boards, Readiness readiness, TimeProvider time, ILogger<SeasonScheduler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await readiness.Recovered.WaitAsync(stoppingToken);
        }
        catch (Exception)
        {
            return;
        }
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var handle in boards.All)
            {
                if (handle.Settings.Reset.Every == ResetEvery.None || !handle.TryEnter(out var lease))
                    continue;
                using (lease)
                {
                    try
                    {
                        await handle.CurrentSeasonAsync(stoppingToken);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        Log.RollFailed(logger, handle.Id, e);
                    }
                }
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 120, Level = LogLevel.Warning, Message = "Starting the next season of board {BoardId} failed; retried in a second")]
        public static partial void RollFailed(ILogger logger, string boardId, Exception exception);
    }
}
