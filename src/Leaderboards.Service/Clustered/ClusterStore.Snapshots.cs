using System.Diagnostics;
using Leaderboards.Engine.Partitions;
using Leaderboards.Service.Durability;
using Leaderboards.Service.Errors;
using Leaderboards.Service.Stores.Internal;
using Leaderboards.Storage;

namespace Leaderboards.Service.Clustered;

// Snapshots of the cluster, written by scanning it, in the embedded store's format; restores load one into the cluster.
public sealed partial class ClusterStore
{
    public IReadOnlyList<SnapshotInfo> Snapshots() => _files.Snapshots();

    /// <summary>
    /// Keys, then each board's definition, each season's start and its partitions read from their masters. Writes go on
    /// meanwhile: each partition is as it was while it was read.
    /// </summary>
    public async Task<SnapshotResult> SnapshotAsync(CancellationToken cancellationToken)
    {
        if (_boards is null || _keys is null || _redis is null)
            throw new NotReadyException("recovering");
        await _snapshotLock.WaitAsync(cancellationToken);
        try
        {
            long started = Stopwatch.GetTimestamp();
            long boards = 0;
            long entries = 0;
            var info = await _files.WriteDetachedSnapshotAsync(_time.GetUtcNow(), async sink =>
            {
                boards = await SnapshotContents.WriteAsync(sink, _boards, _keys, async (handle, season) =>
                {
                    var board = (ClusterBoard)season.Board;
                    for (int p = 0; p < board.PartitionCount; p++)
                        await sink.WritePartitionAsync(handle.Id, season.Incarnation, p, await board.ReadPartitionAsync(p, cancellationToken));
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

    /// <summary>
    /// Replaces every board and key of the cluster with the snapshot's (one taken in either mode): each current board
    /// is deleted and each key revoked through the catalog, then the snapshot's records are recorded and its entries
    /// loaded. Every node follows; this one refuses requests until it is done.
    /// </summary>
    public async Task<SnapshotResult> RestoreAsync(string id, Readiness readiness, CancellationToken cancellationToken)
    {
        if (_boards is null || _keys is null || _redis is null)
            throw new NotReadyException("recovering");
        var snapshot = _files.Snapshots().FirstOrDefault(s => s.Id == id) ?? throw new SnapshotNotFoundException(id);
        DataFiles.Validate(snapshot.Path);
        await _snapshotLock.WaitAsync(cancellationToken);
        readiness.BeginRestore();
        try
        {
            long started = Stopwatch.GetTimestamp();
            foreach (var handle in _boards.All.ToList())
                await _boards.DeleteAsync(handle.Id, CancellationToken.None);
            foreach (var key in _keys.List())
                await _keys.RevokeAsync(key.Id, CancellationToken.None);
            var (boards, entries) = await LoadAsync(snapshot, cancellationToken);
            return new SnapshotResult(snapshot, boards, entries, Stopwatch.GetElapsedTime(started));
        }
        finally
        {
            readiness.EndRestore();
            _snapshotLock.Release();
        }
    }

    // A restore's records do not depend on what the catalog holds: after another node's change, catch up and append again.
    private async Task RecordOwnAsync(StorageRecord record, CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                await AppendAsync(record);
                break;
            }
            catch (CatalogChangedException) when (attempt < 10)
            {
                await CatchUpAsync(cancellationToken);
            }
        }
        await FollowAsync(record, static () => false);
    }

    private async Task<(long Boards, long Entries)> LoadAsync(SnapshotInfo snapshot, CancellationToken cancellationToken)
    {
        using var source = new SnapshotSource(snapshot.Path);
        long boards = 0, entries = 0;
        ClusterBoard? board = null;
        var revived = new HashSet<ClusterBoard>();
        int partition = 0;
        while (source.TryRead(out var record))
        {
            switch (record)
            {
                case SnapshotBegin or SnapshotEnd:
                    break;
                case PartitionBegin p:
                    board = _boards!.FindSeason(p.BoardId, p.Incarnation)?.Board as ClusterBoard;
                    if (board is null || p.Partition < 0 || p.Partition >= board.PartitionCount)
                        throw source.Corrupt($"entries for an unknown board or partition ({p.BoardId}/{p.Partition})");
                    partition = p.Partition;
                    // Restored under the incarnation it had: the delete just made left tombstones on its keys.
                    if (revived.Add(board))
                        await board.ReviveAsync(cancellationToken);
                    break;
                case EntriesChunk chunk:
                    if (board is null)
                        throw source.Corrupt("entries before any partition");
                    await board.LoadPartitionAsync(partition,
                        [.. chunk.Entries.Select(c => new PartitionEntry(c.PlayerId, c.Score, c.Subscore, c.Time, c.Metadata))], cancellationToken);
                    entries += chunk.Entries.Count;
                    break;
                default:
                    await RecordOwnAsync(record, cancellationToken);
                    if (record is BoardDefinition)
                        boards++;
                    break;
            }
        }
        return (boards, entries);
    }
}
