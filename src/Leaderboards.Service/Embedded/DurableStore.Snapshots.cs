using System.Diagnostics;
using Leaderboards.Service.Durability;
using Leaderboards.Service.Stores.Internal;
using Leaderboards.Storage;

namespace Leaderboards.Service.Embedded;

// Snapshots are taken while writes go on (see SnapshotSink): keys, then each board's definition, then each season's
// start and its partitions' entries.
public sealed partial class DurableStore
{
    /// <summary>Snapshots on disk, newest first.</summary>
    public IReadOnlyList<SnapshotInfo> Snapshots() => _files.Snapshots();

    public async Task<SnapshotResult> SnapshotAsync(CancellationToken cancellationToken)
    {
        if (!_files.IsOpen)
            throw new LogUnavailableException("The server is still recovering.");
        await _snapshotLock.WaitAsync(cancellationToken);
        try
        {
            long started = Stopwatch.GetTimestamp();
            long boards = 0, entries = 0;
            var info = await _files.WriteSnapshotAsync(_time.GetUtcNow(), async sink =>
            {
                boards = await SnapshotContents.WriteAsync(sink, _boards!, _keys!, async (handle, season) =>
                {
                    foreach (var partition in EngineOf(season.Board).Partitions)
                        await sink.WritePartitionAsync(handle.Id, season.Incarnation, partition, cancellationToken);
                });
                entries = sink.Entries;
            }, cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(started);
            Log.SnapshotTaken(_logger, info.Id, entries, info.Bytes, elapsed);
            SnapshotCompleted?.Invoke(elapsed, _time.GetUtcNow());
            return new SnapshotResult(info, boards, entries, elapsed);
        }
        finally
        {
            _snapshotLock.Release();
        }
    }
}
