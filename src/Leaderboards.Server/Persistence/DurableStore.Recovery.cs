using Leaderboards.Engine.Boards;
using System.Diagnostics;
using Leaderboards.Engine.Partitions;
using Leaderboards.Server.Boards;
using Leaderboards.Server.Persistence.Internal;
using Leaderboards.Server.Security;

namespace Leaderboards.Server.Persistence;

// Start-up: the newest snapshot, then every log record after it, then the log opens for new writes.
public sealed partial class DurableStore
{
    private const int ReplayChunk = 4096;
    private const int MaxLoadsInFlight = 8;

    /// <summary>Loads the newest snapshot and replays the log after it into <paramref name="boards"/> and <paramref name="keys"/>.</summary>
    public async Task RecoverAsync(BoardRegistry boards, ApiKeyStore keys, CancellationToken cancellationToken)
    {
        _boards = boards;
        _keys = keys;
        long started = Stopwatch.GetTimestamp();
        var loaded = new Dictionary<(string, ulong, int), long>();
        var snapshot = Snapshots().FirstOrDefault();
        long replayFrom = snapshot is null ? 0 : await LoadSnapshotAsync(snapshot.Path, loaded, cancellationToken);

        var segments = SegmentNumbers().Where(n => n >= replayFrom).ToList();
        long replayed = 0;
        var pending = new Dictionary<(Board, int), List<ScoreChange>>();
        for (int i = 0; i < segments.Count; i++)
        {
            string path = LogWriter.SegmentPath(LogDirectory, segments[i]);
            long length = new FileInfo(path).Length;
            if (i == segments.Count - 1 && length < RecordFile.HeaderBytes)
            {
                // A crash while the newest segment was being started: it holds no record.
                Log.TornTail(_logger, path, length, "the segment header is cut short");
                File.Delete(path);
                continue;
            }
            using (var reader = new RecordFileReader(path, RecordFile.LogKind, allowTornTail: i == segments.Count - 1))
            {
                while (reader.TryRead(out var record))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    replayed++;
                    if (record.Payload is ScoreBatchRecord batch)
                    {
                        await QueueAsync(batch, loaded, pending);
                        continue;
                    }
                    await FlushAsync(pending);
                    await ApplyDefinitionAsync(record);
                }
                if (reader.Result is { TornProblem: { } problem } torn)
                {
                    Log.TornTail(_logger, path, torn.TornBytes, problem);
                    using var file = new FileStream(path, FileMode.Open, FileAccess.Write);
                    file.SetLength(torn.ValidLength);
                    file.Flush(flushToDisk: true);
                }
            }
        }
        await FlushAsync(pending);

        long next = Math.Max(segments.Count > 0 ? segments[^1] + 1 : 1, replayFrom);
        while (File.Exists(LogWriter.SegmentPath(LogDirectory, next)))
            next++;
        _writer = new LogWriter(LogDirectory, next, _options.Fsync, _logger, elapsed => FsyncCompleted?.Invoke(elapsed));
        await boards.FinishRecoveryAsync();

        long entries = boards.All.Sum(b => b.Board.GetStatus().Entries);
        Log.Recovered(_logger, boards.All.Count(), entries, keys.List().Count, Stopwatch.GetElapsedTime(started),
            snapshot?.Id ?? "none", replayed);
    }

    private async Task ApplyDefinitionAsync(Record record)
    {
        switch (record.Payload)
        {
            case BoardDefinition definition:
                await _boards!.RecoverAsync(definition);
                break;
            case BoardDeleted deleted:
                await _boards!.RecoverAsync(deleted);
                break;
            case SeasonStarted season:
                await _boards!.RecoverAsync(season);
                break;
            case StoredApiKey key:
                _keys!.Recover(key);
                break;
            case KeyRevoked revoked:
                _keys!.Recover(revoked);
                break;
            default:
                throw new InvalidDataException($"A {record.Type} record does not belong in the log.");
        }
    }

    /// <summary>Queues a batch's changes that the snapshot does not already hold; changes of a deleted board are skipped.</summary>
    private async Task QueueAsync(ScoreBatchRecord batch, Dictionary<(string, ulong, int), long> loaded, Dictionary<(Board, int), List<ScoreChange>> pending)
    {
        // The batch's incarnation names the board's season (the first season shares the board's incarnation).
        if (_boards!.FindSeason(batch.BoardId, batch.Incarnation) is not { } season)
            return;
        long covered = loaded.GetValueOrDefault((batch.BoardId, batch.Incarnation, batch.Batch.Partition));
        if (!pending.TryGetValue((season.Board, batch.Batch.Partition), out var list))
            pending[(season.Board, batch.Batch.Partition)] = list = [];
        foreach (var change in batch.Batch.Changes)
        {
            if (change.Sequence > covered)
                list.Add(change);
        }
        if (list.Count >= ReplayChunk)
            await FlushAsync(pending);
    }

    private static async Task FlushAsync(Dictionary<(Board, int), List<ScoreChange>> pending)
    {
        foreach (var ((board, partition), changes) in pending)
        {
            if (changes.Count == 0)
                continue;
            await board.LoadAsync(partition, changes.ToArray(), changes[^1].Sequence);
            changes.Clear();
        }
        pending.Clear();
    }

    /// <summary>Applies a snapshot; answers the log segment replay continues from.</summary>
    private async Task<long> LoadSnapshotAsync(string path, Dictionary<(string, ulong, int), long> loaded, CancellationToken cancellationToken)
    {
        using var reader = new RecordFileReader(path, RecordFile.SnapshotKind, allowTornTail: false);
        if (!reader.TryRead(out var first) || first.Payload is not SnapshotBegin begin)
            throw new PersistenceCorruptException(path, RecordFile.HeaderBytes, "the snapshot does not start with its header record");
        long records = 1, entries = 0;
        // Decoding the next chunk overlaps applying the previous ones; partitions apply their work in order.
        var inFlight = new Queue<Task>();
        Board? board = null;
        int partition = 0;
        long sequence = 0;
        while (reader.TryRead(out var record))
        {
            cancellationToken.ThrowIfCancellationRequested();
            records++;
            switch (record.Payload)
            {
                case PartitionBegin p:
                    board = _boards!.FindSeason(p.BoardId, p.Incarnation)?.Board;
                    if (board is null || p.Partition < 0 || p.Partition >= board.Partitions.Count)
                        throw new PersistenceCorruptException(path, reader.RecordOffset, $"entries for an unknown board or partition ({p.BoardId}/{p.Partition})");
                    (partition, sequence) = (p.Partition, p.Sequence);
                    loaded[(p.BoardId, p.Incarnation, p.Partition)] = p.Sequence;
                    await board.LoadAsync(partition, [], sequence, cancellationToken);
                    break;
                case IReadOnlyList<ScoreChange> chunk:
                    if (board is null)
                        throw new PersistenceCorruptException(path, reader.RecordOffset, "entries before any partition");
                    inFlight.Enqueue(board.LoadAsync(partition, chunk, sequence, cancellationToken).AsTask());
                    if (inFlight.Count > MaxLoadsInFlight)
                        await inFlight.Dequeue();
                    entries += chunk.Count;
                    break;
                case SnapshotEnd end:
                    while (inFlight.Count > 0)
                        await inFlight.Dequeue();
                    if (end.Records != records - 1 || end.Entries != entries || reader.TryRead(out _))
                        throw new PersistenceCorruptException(path, reader.RecordOffset, "the snapshot's counts do not match its contents");
                    return begin.ReplayFromSegment;
                default:
                    await ApplyDefinitionAsync(record);
                    break;
            }
        }
        throw new PersistenceCorruptException(path, reader.Result?.ValidLength ?? 0, "the snapshot is incomplete (no end record)");
    }
}
