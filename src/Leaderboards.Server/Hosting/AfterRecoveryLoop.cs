using Leaderboards.Service.Durability;

namespace Leaderboards.Server.Hosting;

/// <summary>
/// A background step run at every <see cref="Interval"/> once recovery is done (never, if recovery failed or the interval
/// is not positive). A failed step is reported through <see cref="Failed"/> and the next tick runs as usual.
/// </summary>
internal abstract class AfterRecoveryLoop(Readiness readiness, TimeProvider time) : BackgroundService
{
    protected abstract TimeSpan Interval { get; }

    protected abstract Task StepAsync(CancellationToken cancellationToken);

    protected abstract void Failed(Exception error);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = Interval;
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
        using var timer = new PeriodicTimer(interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await StepAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Failed(e);
            }
        }
    }
}
