using Leaderboards.Service.Durability;
using Leaderboards.Service.Expiry;

namespace Leaderboards.Server.Hosting;

/// <summary>Runs an entry-expiry sweep every <c>Leaderboards:Expiry:SweepInterval</c> (10 s) once recovery is done.</summary>
internal sealed partial class ExpiryLoop(EntryExpiry expiry, Readiness readiness, TimeProvider time, IConfiguration configuration, ILogger<ExpiryLoop> logger)
    : AfterRecoveryLoop(readiness, time)
{
    protected override TimeSpan Interval =>
        configuration.GetValue<TimeSpan?>("Leaderboards:Expiry:SweepInterval") ?? TimeSpan.FromSeconds(10);

    protected override Task StepAsync(CancellationToken cancellationToken) => expiry.SweepAsync(cancellationToken);

    protected override void Failed(Exception error) => Log.SweepFailed(logger, error);

    private static partial class Log
    {
        [LoggerMessage(EventId = 131, Level = LogLevel.Error, Message = "Entry expiry sweep failed; retried at the next interval")]
        public static partial void SweepFailed(ILogger logger, Exception exception);
    }
}
