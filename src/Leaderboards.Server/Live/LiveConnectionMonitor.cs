using Leaderboards.Server.Live.Internal;
using Leaderboards.Server.Settings;
using Microsoft.Extensions.Options;

namespace Leaderboards.Server.Live;

/// <summary>
/// Closes hub connections that break the live contract: one that has not taken an update within
/// <see cref="LiveOptions.SendTimeout"/>, and one that has sent nothing, not even a ping, within
/// <see cref="LiveOptions.ClientTimeout"/>. Their subscriptions go with them when the hub sees the disconnect.
/// </summary>
internal sealed partial class LiveConnectionMonitor(
    HubPublisher publisher,
    ClientActivity activity,
    HubConnections connections,
    IOptions<LiveOptions> options,
    TimeProvider time,
    ILogger<LiveConnectionMonitor> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var live = options.Value;
        // Four checks within the shorter timeout, at most one a second: a connection is closed within a quarter past it.
        var shorter = live.SendTimeout < live.ClientTimeout ? live.SendTimeout : live.ClientTimeout;
        var period = shorter / 4 < TimeSpan.FromSeconds(1) ? shorter / 4 : TimeSpan.FromSeconds(1);
        using var timer = new PeriodicTimer(period, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
            Check(live);
    }

    private void Check(LiveOptions live)
    {
        foreach (string connectionId in publisher.Stalled(live.SendTimeout))
        {
            if (connections.Abort(connectionId))
                Log.Stalled(logger, connectionId, live.SendTimeout);
        }
        foreach (string connectionId in activity.Silent(live.ClientTimeout))
        {
            // One still in its handshake is not in the registry yet; SignalR's handshake timeout closes it.
            if (connections.Abort(connectionId))
                Log.Silent(logger, connectionId, live.ClientTimeout);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 520, Level = LogLevel.Information,
            Message = "Hub connection {ConnectionId} is closed: it took no update for {Timeout} (Leaderboards:Live:SendTimeout)")]
        public static partial void Stalled(ILogger logger, string connectionId, TimeSpan timeout);

        [LoggerMessage(EventId = 521, Level = LogLevel.Information,
            Message = "Hub connection {ConnectionId} is closed: it sent nothing for {Timeout} (Leaderboards:Live:ClientTimeout)")]
        public static partial void Silent(ILogger logger, string connectionId, TimeSpan timeout);
    }
}
