using System.Diagnostics;
using Leaderboards.Engine.Boards;
using Leaderboards.Engine.Partitions;
using Leaderboards.Service.Catalog;
using Leaderboards.Service.Embedded.Internal;
using Leaderboards.Service.Keys;
using Leaderboards.Service.Stores.Internal;
using Leaderboards.Storage;

namespace Leaderboards.Service.Embedded;

// Start-up: the newest snapshot, then every log record after it, then the log opens for new writes.
public sealed partial class DurableStore
{
    private const int MaxLoadsInFlight = ReplayQueue.MaxInFlight;

    /// <summary>Loads the newest snapshot and replays the log after it into <paramref name="boards"/> and <paramref name="keys"/>.</summary>
    public async Task RecoverAsync(BoardCatalog boards, ApiKeyStore keys, CancellationToken cancellationToken)
    {
        _boards = boards;
        _keys = keys;
        long started = Stopwatch.GetTimestamp();
        var loaded = new Dictionary<(string, ulong, int), long>();
        var snapshot = _files.Snapshots().FirstOrDefault();
        long replayFrom = snapshot is null ? 0 : await LoadSnapshotAsync(snapshot.Path, loaded, cancellationToken);

        long replayed = 0;
        var replay = new ReplayQueue();
        foreach (var record in _files.ReadLog(replayFrom))
        {
            cancellationToken.ThrowIfCancellationRequested();
            replayed++;
            if (record is ScoreBatchRecord batch)
            {
                await QueueAsync(batch, loaded, replay);
                continue;
            }
            if (record is ScoreTransactionRecord transaction)
            {
                foreach (var part in transaction.Parts)
                    await QueueAsync(part, loaded, replay);
                continue;
            }
            await replay.FlushAsync();
            await ApplyDefinitionAsync(record);
        }
        await replay.FlushAsync();
        await FinishLoadsAsync(boards);

        _files.OpenLog(replayFrom);
        await boards.FinishRecoveryAsync();

        long entries = boards.All.Sum(b => EngineOf(b.Board).GetStatus().Entries);
        Log.Recovered(_logger, boards.All.Count(), entries, keys.List().Count, Stopwatch.GetElapsedTime(started),
            snapshot?.Id ?? "none", replayed);
    }

    /// <summary>Builds every recovered board's indexes from their staged changes, all partitions of all boards at once.</summary>
    private static async Task FinishLoadsAsync(BoardCatalog boards)
    {
        var builds = new List<Task>();
        foreach (var handle in boards.All)
        {
            foreach (var season in handle.Seasons)
                builds.Add(EngineOf(season.Board).FinishLoadAsync().AsTask());
        }
        await Task.WhenAll(builds);
    }

    private async Task ApplyDefinitionAsync(StorageRecord record)
    {
        if (!await DefinitionReplay.TryApplyAsync(record, _boards!, _keys!))
            throw new InvalidDataException($"A {record.Type} record does not belong in the log.");
    }

    /// <summary>Queues a batch's changes that the snapshot does not already hold; changes of a deleted board are skipped.</summary>
    private async Task QueueAsync(ScoreBatchRecord batch, Dictionary<(string, ulong, int), long> loaded, ReplayQueue replay)
    {
        // The batch's incarnation names the board's season (the first season shares the board's incarnation).
        if (_boards!.FindSeason(batch.BoardId, batch.Incarnation) is not { } season)
            return;
        long covered = loaded.GetValueOrDefault((batch.BoardId, batch.Incarnation, batch.Batch.Partition));
        var changes = EncodedChanges.From(batch.Batch.Changes, withSequences: true);
        // A batch's sequences ascend without gaps: the changes the snapshot holds are a prefix.
        int skip = 0;
        while (skip < changes.Count && changes.Sequence(skip) <= covered)
            skip++;
        await replay.QueueAsync(EngineOf(season.Board), batch.Batch.Partition, changes.Skip(skip));
    }

    /// <summary>Applies a snapshot; answers the log segment replay continues from.</summary>
    private async Task<long> LoadSnapshotAsync(string path, Dictionary<(string, ulong, int), long> loaded, CancellationToken cancellationToken)
    {
        using var source = new SnapshotSource(path);
        if (!source.TryRead(out var first) || first is not SnapshotBegin begin)
            throw source.Corrupt("the snapshot does not start with its header record");
        long records = 1, entries = 0;
        // Decoding the next chunk overlaps applying the previous ones; partitions apply their work in order.
        var inFlight = new Queue<Task>();
        Board? board = null;
        int partition = 0;
        long sequence = 0;
        while (source.TryRead(out var record))
        {
            cancellationToken.ThrowIfCancellationRequested();
            records++;
            switch (record)
            {
                case PartitionBegin p:
                    board = _boards!.FindSeason(p.BoardId, p.Incarnation) is { } season ? EngineOf(season.Board) : null;
                    if (board is null || p.Partition < 0 || p.Partition >= board.Partitions.Count)
                        throw source.Corrupt($"entries for an unknown board or partition ({p.BoardId}/{p.Partition})");
                    (partition, sequence) = (p.Partition, p.Sequence);
                    loaded[(p.BoardId, p.Incarnation, p.Partition)] = p.Sequence;
                    await board.LoadAsync(partition, [], sequence, cancellationToken);
                    break;
                case EntriesChunk chunk:
                    if (board is null)
                        throw source.Corrupt("entries before any partition");
                    inFlight.Enqueue(board.LoadAsync(partition, chunk.Entries, sequence, cancellationToken).AsTask());
                    if (inFlight.Count > MaxLoadsInFlight)
                        await inFlight.Dequeue();
                    entries += chunk.Entries.Count;
                    break;
                case SnapshotEnd end:
                    while (inFlight.Count > 0)
                        await inFlight.Dequeue();
                    if (end.Records != records - 1 || end.Entries != entries || source.TryRead(out _))
                        throw source.Corrupt("the snapshot's counts do not match its contents");
                    return begin.ReplayFromSegment;
                default:
                    await ApplyDefinitionAsync(record);
                    break;
            }
        }
        throw new PersistenceCorruptException(path, source.ValidLength, "the snapshot is incomplete (no end record)");
    }
}
