using System.Diagnostics;
using Leaderboards.Service.Durability;
using Leaderboards.Service.Keys;
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
                foreach (var key in _keys!.List())
                    await sink.WriteAsync(ApiKeyStore.ToStored(key));
                foreach (var handle in _boards!.All)
                {
                    if (!handle.TryEnter(out var lease))
                        continue; // being deleted or replaced: the log has what follows
                    using (lease)
                    {
                        boards++;
                        await sink.WriteAsync(handle.Definition);
                        foreach (var season in handle.Seasons)
                        {
                            await sink.WriteAsync(new SeasonStarted(handle.Id, handle.Incarnation, season.Id, season.Incarnation, season.Start, season.End));
                            foreach (var partition in EngineOf(season.Board).Partitions)
                                await sink.WritePartitionAsync(handle.Id, season.Incarnation, partition, cancellationToken);
                        }
                    }
                }
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
