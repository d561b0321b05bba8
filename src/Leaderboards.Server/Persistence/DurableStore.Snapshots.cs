using System.Diagnostics;
using Leaderboards.Engine;
using Leaderboards.Engine.Partitions;
using Leaderboards.Server.Persistence.Internal;
using Leaderboards.Server.Security;

namespace Leaderboards.Server.Persistence;

/// <summary>A snapshot on disk. Its id is the log segment its replay starts from, so a newer snapshot has a larger id.</summary>
public sealed record SnapshotInfo(string Id, long ReplayFromSegment, DateTimeOffset CreatedAt, long Bytes, string Path);

/// <summary>What taking a snapshot did.</summary>
public sealed record SnapshotResult(SnapshotInfo Snapshot, long Boards, long Entries, TimeSpan Elapsed);

// Snapshots are taken while writes go on: each partition is read in short chunks under its read lock, from the sequence
// it had reached; the log keeps every change after that sequence, and replaying a change over a chunk is harmless because
// changes carry the resulting values. The log is rolled first, so everything after the snapshot's sequences is in
// segments at or after the one the snapshot names.
public sealed partial class DurableStore
{
    private const int SnapshotChunk = 4096;
    private const string SnapshotExtension = ".lbsnap";

    /// <summary>Snapshots on disk, newest first.</summary>
    public IReadOnlyList<SnapshotInfo> Snapshots() =>
        [.. Directory.EnumerateFiles(SnapshotDirectory, "*" + SnapshotExtension)
            .Select(path => (path, ok: long.TryParse(System.IO.Path.GetFileNameWithoutExtension(path), out long n), n))
            .Where(f => f.ok)
            .OrderByDescending(f => f.n)
            .Select(f => new SnapshotInfo(f.n.ToString("D12", System.Globalization.CultureInfo.InvariantCulture), f.n,
                File.GetLastWriteTimeUtc(f.path), new FileInfo(f.path).Length, f.path))];

    public async Task<SnapshotResult> SnapshotAsync(CancellationToken cancellationToken)
    {
        var writer = _writer ?? throw new LogUnavailableException("The server is still recovering.");
        await _snapshotLock.WaitAsync(cancellationToken);
        try
        {
            long started = Stopwatch.GetTimestamp();
            long replayFrom = await writer.RollAsync();
            string path = System.IO.Path.Combine(SnapshotDirectory, $"{replayFrom:D12}{SnapshotExtension}");
            string temporary = path + ".tmp";
            long boards = 0, entries = 0;
            await using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 20))
            {
                var output = new SnapshotOutput(file);
                file.Write(RecordFile.Header(RecordFile.SnapshotKind, replayFrom));
                await output.WriteAsync(RecordType.SnapshotBegin, new SnapshotBegin(replayFrom, _time.GetUtcNow()));
                foreach (var key in _keys!.List())
                    await output.WriteAsync(RecordType.KeyPut, ApiKeyStore.ToStored(key));
                foreach (var handle in _boards!.All)
                {
                    if (!handle.TryEnter(out var lease))
                        continue; // being deleted or replaced: the log has what follows
                    using (lease)
                    {
                        boards++;
                        await output.WriteAsync(RecordType.BoardPut, handle.Definition);
                        foreach (var season in handle.Seasons)
                        {
                            await output.WriteAsync(RecordType.SeasonStart,
                                new SeasonStarted(handle.Id, handle.Incarnation, season.Id, season.Incarnation, season.Start, season.End));
                            foreach (var partition in season.Board.Partitions)
                                entries += await WritePartitionAsync(output, handle.Id, season.Incarnation, partition, cancellationToken);
                        }
                    }
                }
                await output.WriteAsync(RecordType.SnapshotEnd, new SnapshotEnd(output.Records, entries));
                await output.FlushAsync();
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
            ApplyRetention();
            var info = Snapshots().First(s => s.Path == path);
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

    private static async Task<long> WritePartitionAsync(SnapshotOutput output, string boardId, ulong incarnation, IPartition partition, CancellationToken cancellationToken)
    {
        long sequence = partition.GetStatus().Sequence;
        await output.WriteAsync(RecordType.PartitionBegin, new PartitionBegin(boardId, incarnation, partition.Index, sequence));
        var reader = partition.ReaderFor(ReadConsistency.Strong);
        long written = 0;
        var chunk = await reader.RangeAsync(0, SnapshotChunk, cancellationToken);
        while (chunk.Count > 0)
        {
            var changes = new ScoreChange[chunk.Count];
            for (int i = 0; i < changes.Length; i++)
            {
                var e = chunk[i];
                changes[i] = new ScoreChange(0, ChangeKind.Upsert, e.PlayerId, e.Score, e.Subscore, e.Time, e.Metadata);
            }
            await output.WriteAsync(RecordType.Entries, changes);
            written += changes.Length;
            var last = chunk[^1];
            chunk = await reader.RangeAfterAsync(new RankKey(last.Score, last.Subscore, last.Time, last.PlayerId), SnapshotChunk, cancellationToken);
        }
        return written;
    }

    /// <summary>Keeps the newest snapshots; deletes log segments that no kept snapshot needs.</summary>
    private void ApplyRetention()
    {
        var snapshots = Snapshots();
        foreach (var old in snapshots.Skip(Math.Max(1, _options.KeepSnapshots)))
            File.Delete(old.Path);
        long oldestNeeded = snapshots.Take(Math.Max(1, _options.KeepSnapshots)).Min(s => s.ReplayFromSegment);
        foreach (long segment in SegmentNumbers().Where(n => n < oldestNeeded).ToList())
            File.Delete(LogWriter.SegmentPath(LogDirectory, segment));
    }

    /// <summary>Frames records into a buffer and writes it out in large pieces.</summary>
    private sealed class SnapshotOutput(FileStream file)
    {
        private readonly PayloadWriter _buffer = new(1 << 20);

        public long Records { get; private set; }

        public async ValueTask WriteAsync(RecordType type, object payload)
        {
            RecordCodec.Frame(_buffer, type, payload);
            Records++;
            if (_buffer.Length >= 1 << 20)
                await FlushAsync();
        }

        public async ValueTask FlushAsync()
        {
            await file.WriteAsync(_buffer.WrittenMemory);
            _buffer.Clear();
        }
    }
}
