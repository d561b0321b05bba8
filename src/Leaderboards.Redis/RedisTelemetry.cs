namespace Leaderboards.Redis;

/// <summary>Names under which the client reports diagnostics.</summary>
public static class RedisTelemetry
{
    /// <summary>
    /// The <see cref="System.Diagnostics.Metrics.Meter"/> name: <c>redis.client.commands</c>, <c>.errors</c>,
    /// <c>.redirects</c>, <c>.retries</c>, <c>.reconnects</c>, <c>.topology.refreshes</c> and the
    /// <c>redis.client.command.duration</c> histogram (seconds).
    /// </summary>
    public const string MeterName = "Leaderboards.Redis";
}
