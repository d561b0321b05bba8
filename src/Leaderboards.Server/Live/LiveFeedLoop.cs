using Leaderboards.Server.Settings;
using Leaderboards.Service.Live;
using Microsoft.Extensions.Options;

namespace Leaderboards.Server.Live;

/// <summary>Publishes the live feed's due updates once per <see cref="LiveOptions.Interval"/>.</summary>
internal sealed class LiveFeedLoop(LiveFeed feed, IOptions<LiveOptions> options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
            await feed.PublishDueAsync(stoppingToken);
    }
}
