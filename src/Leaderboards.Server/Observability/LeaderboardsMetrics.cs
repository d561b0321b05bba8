using System.Diagnostics.Metrics;
using Leaderboards.Service.Catalog;
using Leaderboards.Service.Embedded;
using Leaderboards.Service.Live;
using Leaderboards.Service.Stores;

namespace Leaderboards.Server.Observability;

/// <summary>
/// The service's own instruments (meter "Leaderboards"). Counters are bumped where the work happens; gauges are read
/// from the live state only when a scrape or exporter asks.
/// </summary>
public sealed class LeaderboardsMetrics : IDisposable
{
    public const string MeterName = "Leaderboards";

    private readonly Meter _meter;
    private readonly Counter<long> _scores;
    private readonly Counter<long> _queries;
    private readonly Histogram<double> _fsync;
    private readonly Histogram<double> _snapshot;
    private long _lastSnapshotUnixMs;

    public LeaderboardsMetrics(IMeterFactory meters, BoardCatalog boards, IStore store, LiveFeed live, TimeProvider time)
    {
        _meter = meters.Create(MeterName);
        _scores = _meter.CreateCounter<long>("leaderboards.scores.submitted", "{score}", "Scores submitted (single, batch and import entries), by board.");
        _queries = _meter.CreateCounter<long>("leaderboards.queries", "{query}", "Read queries, by kind (top, entries, player, around, players, count, export).");
        _meter.CreateObservableCounter("leaderboards.hub.messages.sent", () => live.MessagesSent, "{message}", "Live messages sent (a group send counts once).");
        _meter.CreateObservableUpDownCounter("leaderboards.hub.connections", () => live.Connections, "{connection}", "Open live hub connections.");
        _fsync = _meter.CreateHistogram<double>("leaderboards.log.fsync.duration", "s", "Time one fsync of the log took.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1] });
        _snapshot = _meter.CreateHistogram<double>("leaderboards.snapshot.duration", "s", "Time a snapshot took, from log roll to rename.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 300] });
        _meter.CreateObservableGauge<double>("leaderboards.snapshot.age", () =>
        {
            long last = Interlocked.Read(ref _lastSnapshotUnixMs);
            return last == 0 ? [] : [new Measurement<double>((time.GetUtcNow().ToUnixTimeMilliseconds() - last) / 1000.0)];
        }, "s", "Time since the last snapshot this process took.");
        // Sizes and replica lag of the embedded store's boards, read without waiting; in cluster mode Redis reports its own.
        _meter.CreateObservableGauge("leaderboards.board.entries", () => Embedded(boards).Select(b =>
            new Measurement<long>(b.Status.Entries, new KeyValuePair<string, object?>("board", b.Id))), "{entry}", "Entries per board.");
        _meter.CreateObservableGauge("leaderboards.partition.entries", () => PartitionMeasurements(boards, p => p.Entries), "{entry}", "Entries per partition.");
        _meter.CreateObservableGauge("leaderboards.replica.lag.operations", () => ReplicaMeasurements(boards, r => r.LagOperations), "{operation}", "Changes a replica has yet to apply.");
        _meter.CreateObservableGauge("leaderboards.replica.lag.seconds", () => ReplicaMeasurements(boards, r => r.LagTime.TotalSeconds), "s", "How far behind its owner a replica is.");
        if (store is DurableStore durable)
        {
            _meter.CreateObservableCounter("leaderboards.log.fsyncs", () => durable.LogFsyncs, "{fsync}", "fsyncs of the log.");
            durable.FsyncCompleted += elapsed => _fsync.Record(elapsed.TotalSeconds);
        }
        store.SnapshotCompleted += (elapsed, at) =>
        {
            _snapshot.Record(elapsed.TotalSeconds);
            Interlocked.Exchange(ref _lastSnapshotUnixMs, at.ToUnixTimeMilliseconds());
        };
    }

    public void ScoresSubmitted(string boardId, int count) =>
        _scores.Add(count, new KeyValuePair<string, object?>("board", boardId));

    public void Query(string kind) => _queries.Add(1, new KeyValuePair<string, object?>("kind", kind));


    private static IEnumerable<Measurement<long>> PartitionMeasurements(BoardCatalog boards, Func<Engine.Partitions.PartitionStatus, long> value) =>
        Embedded(boards).SelectMany(b => b.Status.Partitions.Select(p => new Measurement<long>(value(p),
            new KeyValuePair<string, object?>("board", b.Id), new KeyValuePair<string, object?>("partition", p.Partition))));

    private static IEnumerable<Measurement<T>> ReplicaMeasurements<T>(BoardCatalog boards, Func<Engine.Partitions.ReplicaStatus, T> value)
        where T : struct =>
        Embedded(boards).SelectMany(b => b.Status.Partitions.SelectMany(p => p.Replicas.Select(r => new Measurement<T>(value(r),
            new KeyValuePair<string, object?>("board", b.Id), new KeyValuePair<string, object?>("partition", p.Partition),
            new KeyValuePair<string, object?>("replica", r.Replica)))));

    private static IEnumerable<(string Id, Engine.Boards.BoardStatus Status)> Embedded(BoardCatalog boards) =>
        boards.All.Where(b => b.Board is EmbeddedBoard).Select(b => (b.Id, ((EmbeddedBoard)b.Board).Engine.GetStatus()));

    public void Dispose() => _meter.Dispose();
}
