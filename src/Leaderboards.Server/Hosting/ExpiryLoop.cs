using Leaderboards.Service.Durability;
using Leaderboards.Service.Expiry;

namespace Leaderboards.Server.Hosting;

/// <summary>Runs an entry-expiry sweep every <c>Leaderboards:Expiry:SweepInterval</c> (10 s) once recovery is done.</summary>
internal sealed partial class ExpiryLoop(EntryExpiry expiry, Readiness readiness, TimeProvider time, IConfiguration configuration, ILogger<ExpiryLoop> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = configuration.GetValue<TimeSpan?>("Leaderboards:Expiry:SweepInterval") ?? TimeSpan.FromSeconds(10);
        try
        {
            await readiness.Recovered.WaitAsync(stoppingToken);
        }
        catch (Exception)
        {
            return;
        }
        using var timer = new PeriodicTimer(interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await expiry.SweepAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.SweepFailed(logger, e);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 131, Level = LogLevel.Error, Message = "Entry expiry sweep failed; retried at the next interval")]
        public static partial void SweepFailed(ILogger logger, Exception exception);
    }
}
