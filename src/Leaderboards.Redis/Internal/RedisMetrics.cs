using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Leaderboards.Redis.Internal;

/// <summary>
/// The client's instruments on the <see cref="RedisTelemetry.MeterName"/> meter. Hot-path instruments carry no
/// tags, so recording a command costs two lock-free additions.
/// </summary>
internal static class RedisMetrics
{
    private static readonly Meter s_meter = new(RedisTelemetry.MeterName);

    public static readonly Counter<long> Commands = s_meter.CreateCounter<long>("redis.client.commands", "{command}", "Commands completed, successfully or not.");

    public static readonly Counter<long> Errors = s_meter.CreateCounter<long>("redis.client.errors", "{error}", "Commands that failed, by kind.");

    public static readonly Counter<long> Redirects = s_meter.CreateCounter<long>("redis.client.redirects", "{redirect}", "MOVED and ASK redirects followed.");

    public static readonly Counter<long> Retries = s_meter.CreateCounter<long>("redis.client.retries", "{retry}", "Retries after TRYAGAIN, CLUSTERDOWN, LOADING or an unsent command, by error.type.");

    public static readonly Counter<long> Reconnects = s_meter.CreateCounter<long>("redis.client.reconnects", "{reconnect}", "Connections re-established after a break.");

    public static readonly Counter<long> TopologyRefreshes = s_meter.CreateCounter<long>("redis.client.topology.refreshes", "{refresh}", "Slot map reloads.");

    public static readonly Histogram<double> Duration = s_meter.CreateHistogram<double>(
        "redis.client.command.duration", "s", "Time from call to answer, retries included.");

    public static void Completed(long startTimestamp)
    {
        Commands.Add(1);
        Duration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds);
    }

    public static void Failed(long startTimestamp, Exception error)
    {
        Commands.Add(1);
        Duration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds);
        Errors.Add(1, new KeyValuePair<string, object?>("error.type", error switch
        {
            RedisServerException server => server.Prefix,
            RedisTimeoutException => "timeout",
            RedisConnectionException => "connection",
            OperationCanceledException => "canceled",
            _ => "other",
        }));
    }
}
