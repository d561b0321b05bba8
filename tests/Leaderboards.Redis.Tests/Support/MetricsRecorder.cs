using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Leaderboards.Redis.Tests.Support;

/// <summary>
/// Sums what the client's instruments record while it is alive, by instrument and by tag value. The meter is
/// process-wide, so tests running beside each other add to the same sums: assert lower bounds only.
/// </summary>
internal sealed class MetricsRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, double> _sums = new();

    public MetricsRecorder()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == RedisTelemetry.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>The sum for an instrument, or for one of its tag values (<c>redis.client.redirects/ASK</c>).</summary>
    public double this[string name] => _sums.GetValueOrDefault(name);

    /// <summary>How many measurements a histogram took.</summary>
    public double Count(string name) => _sums.GetValueOrDefault(name + "#count");

    public void Dispose() => _listener.Dispose();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        _sums.AddOrUpdate(instrument.Name, value, (_, sum) => sum + value);
        _sums.AddOrUpdate(instrument.Name + "#count", 1, (_, count) => count + 1);
        foreach (KeyValuePair<string, object?> tag in tags)
        {
            _sums.AddOrUpdate($"{instrument.Name}/{tag.Value}", value, (_, sum) => sum + value);
        }
    }
}
