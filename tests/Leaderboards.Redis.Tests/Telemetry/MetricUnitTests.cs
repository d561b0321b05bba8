using System.Diagnostics.Metrics;
using Leaderboards.Redis.Internal;

namespace Leaderboards.Redis.Tests.Telemetry;

/// <summary>
/// The client's instruments are exposed on a service's /metrics, which Prometheus's checker holds to base units: a time
/// in seconds, a size in bytes, a count in an annotation such as <c>{command}</c>.
/// </summary>
public sealed class MetricUnitTests
{
    [Fact]
    public void EveryInstrument_HasABaseUnitOrACountAnnotation()
    {
        RedisMetrics.Commands.Add(0);
        var units = new Dictionary<string, string?>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name == RedisTelemetry.MeterName)
                    units[instrument.Name] = instrument.Unit;
            },
        };
        listener.Start();

        Assert.Contains("redis.client.command.duration", units.Keys);
        foreach (var (name, unit) in units)
            Assert.True(unit is "s" or "By" || unit is ['{', .., '}'], $"{name} has unit '{unit}'");
    }
}
