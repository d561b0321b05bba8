using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using Leaderboards.Server.Observability.Internal;

namespace Leaderboards.Server.Observability;

/// <summary>
/// Listens to the meters that matter (the service's, ASP.NET Core's HTTP and SignalR ones, the runtime's) and keeps,
/// per instrument and tag set, a sum (counters), a last value (gauges) or bucket counts (histograms), for
/// <see cref="PrometheusText"/> to render on each scrape.
/// </summary>
public sealed class MetricsCollector : IDisposable
{
    private static readonly HashSet<string> Meters =
    [
        LeaderboardsMetrics.MeterName,
        Redis.RedisTelemetry.MeterName, // cluster mode: the Redis client's commands, errors, redirects, reconnects and latency
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Http.Connections",
        "Microsoft.AspNetCore.RateLimiting",
        "System.Runtime",
    ];

    private static readonly double[] DefaultBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, InstrumentState> _instruments = new();

    /// <param name="meterFactory">This host's meter factory: meters it made for another host in the same process (tests) are not ours.</param>
    public MetricsCollector(IMeterFactory meterFactory)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (Meters.Contains(instrument.Meter.Name) && (instrument.Meter.Scope is null || ReferenceEquals(instrument.Meter.Scope, meterFactory)))
            {
                _instruments[instrument] = new InstrumentState(instrument, BucketsOf(instrument));
                listener.EnableMeasurementEvents(instrument, _instruments[instrument]);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<float>((instrument, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.Start();
    }

    /// <summary>Reads the observable instruments, then answers every instrument's state.</summary>
    public IReadOnlyCollection<InstrumentState> Collect()
    {
        _listener.RecordObservableInstruments();
        return [.. _instruments.Values.OrderBy(s => s.Instrument.Name, StringComparer.Ordinal)];
    }

    private static double[]? BucketsOf(Instrument instrument)
    {
        if (!instrument.GetType().IsGenericType || instrument.GetType().GetGenericTypeDefinition() != typeof(Histogram<>))
            return null;
        return instrument switch
        {
            Histogram<double> { Advice.HistogramBucketBoundaries: { } bounds } => [.. bounds],
            Histogram<long> { Advice.HistogramBucketBoundaries: { } bounds } => [.. bounds.Select(b => (double)b)],
            _ => DefaultBuckets,
        };
    }

    public void Dispose() => _listener.Dispose();

    /// <summary>One instrument's series, keyed by their rendered label set.</summary>
    public sealed class InstrumentState(Instrument instrument, double[]? buckets)
    {
        public Instrument Instrument { get; } = instrument;

        public double[]? Buckets { get; } = buckets;

        public ConcurrentDictionary<string, Series> Series { get; } = new(StringComparer.Ordinal);

        private readonly SeriesIndex<Series> _index = new();

        public bool IsCumulative { get; } =
            instrument is Counter<long> or Counter<double> or Counter<int> or UpDownCounter<long> or UpDownCounter<double> or UpDownCounter<int>;

        public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var series = _index.Get(tags, static (tags, self) => self.Series.GetOrAdd(Labels(tags), static (_, b) => new Series(b), self.Buckets), this);
            if (Buckets is not null)
                series.Observe(value, Buckets);
            else if (IsCumulative)
                series.Add(value);
            else
                series.Set(value);
        }

        /// <summary>Prometheus labels, sorted by name: <c>{a="1",b="x"}</c>; dots in names become underscores.</summary>
        private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            if (tags.Length == 0)
                return "";
            var pairs = new List<(string Name, string Value)>(tags.Length);
            foreach (var tag in tags)
                pairs.Add((PrometheusText.Name(tag.Key), Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? ""));
            pairs.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            var text = new StringBuilder("{");
            foreach (var (name, value) in pairs)
            {
                if (text.Length > 1)
                    text.Append(',');
                text.Append(name).Append("=\"").Append(value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n")).Append('"');
            }
            return text.Append('}').ToString();
        }
    }

    /// <summary>
    /// A value, or a histogram's buckets and sum, updated without a lock: every request records several measurements from
    /// whichever thread serves it, and a lock per series made those threads queue on each other. A histogram's count is
    /// the sum of its buckets, so the two always agree; a scrape may see a sum that includes an observation whose bucket
    /// it has not yet seen, or the other way round.
    /// </summary>
    public sealed class Series(double[]? buckets)
    {
        private readonly long[]? _bucketCounts = buckets is null ? null : new long[buckets.Length + 1];
        private double _value;

        public void Add(double value) => AddTo(ref _value, value);

        public void Set(double value) => Interlocked.Exchange(ref _value, value);

        public void Observe(double value, double[] bounds)
        {
            int bucket = Array.BinarySearch(bounds, value);
            if (bucket < 0)
                bucket = ~bucket;
            Interlocked.Increment(ref _bucketCounts![bucket]);
            AddTo(ref _value, value);
        }

        /// <summary>Value (or sum), count, and cumulative bucket counts (for histograms).</summary>
        public (double Value, long Count, long[]? Cumulative) Read()
        {
            double value = Volatile.Read(ref _value);
            if (_bucketCounts is null)
                return (value, 0, null);
            var cumulative = new long[_bucketCounts.Length];
            long running = 0;
            for (int i = 0; i < cumulative.Length; i++)
                cumulative[i] = running += Volatile.Read(ref _bucketCounts[i]);
            return (value, running, cumulative);
        }

        private static void AddTo(ref double target, double value)
        {
            double current = Volatile.Read(ref target);
            while (true)
            {
                // Compared as bits: a NaN sum must not make the loop spin forever.
                double seen = Interlocked.CompareExchange(ref target, current + value, current);
                if (BitConverter.DoubleToInt64Bits(seen) == BitConverter.DoubleToInt64Bits(current))
                    return;
                current = seen;
            }
        }
    }
}
