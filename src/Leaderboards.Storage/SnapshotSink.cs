using Leaderboards.Engine;
using Leaderboards.Engine.Partitions;
using Leaderboards.Storage.Internal;

namespace Leaderboards.Storage;

/// <summary>
/// Writes the records of a snapshot being taken. Partitions are read in short chunks under their read lock from the
/// sequence they had reached, so writes go on meanwhile: the log keeps every change after that sequence, and replaying
/// a change over a chunk is harmless because changes carry the resulting values.
/// </summary>
public sealed class SnapshotSink
{
    private const int Chunk = 4096;
    private readonly FileStream _file;
    private readonly PayloadWriter _buffer = new(1 << 20);

    internal SnapshotSink(FileStream file) => _file = file;

    public long Records { get; private set; }

    public long Entries { get; private set; }

    public async ValueTask WriteAsync(StorageRecord record)
    {
        RecordCodec.Frame(_buffer, record);
        Records++;
        if (_buffer.Length >= 1 << 20)
            await FlushAsync();
    }

    /// <summary>Writes a partition's entries in rank order after a record naming it and the sequence they start from.</summary>
    public async ValueTask WritePartitionAsync(string boardId, ulong incarnation, IPartition partition, CancellationToken cancellationToken)
    {
        long sequence = partition.GetStatus().Sequence;
        await WriteAsync(new PartitionBegin(boardId, incarnation, partition.Index, sequence));
        var reader = partition.ReaderFor(ReadConsistency.Strong);
        var chunk = await reader.RangeAsync(0, Chunk, cancellationToken);
        while (chunk.Count > 0)
        {
            var changes = new ScoreChange[chunk.Count];
            for (int i = 0; i < changes.Length; i++)
            {
                var e = chunk[i];
                changes[i] = new ScoreChange(0, ChangeKind.Upsert, e.PlayerId, e.Score, e.Subscore, e.Time, e.Metadata);
            }
            await WriteAsync(new EntriesChunk(changes));
            Entries += changes.Length;
            var last = chunk[^1];
            chunk = await reader.RangeAfterAsync(new RankKey(last.Score, last.Subscore, last.Time, last.PlayerId), Chunk, cancellationToken);
        }
    }

    /// <summary>Writes a partition read whole from a store that keeps no log here (cluster mode), in rank order.</summary>
    public async ValueTask WritePartitionAsync(string boardId, ulong incarnation, int partition, IReadOnlyList<PartitionEntry> entries)
    {
        await WriteAsync(new PartitionBegin(boardId, incarnation, partition, 0));
        for (int start = 0; start < entries.Count; start += Chunk)
        {
            var changes = new ScoreChange[Math.Min(Chunk, entries.Count - start)];
            for (int i = 0; i < changes.Length; i++)
            {
                var e = entries[start + i];
                changes[i] = new ScoreChange(0, ChangeKind.Upsert, e.PlayerId, e.Score, e.Subscore, e.Time, e.Metadata);
            }
            await WriteAsync(new EntriesChunk(changes));
            Entries += changes.Length;
        }
    }

    internal async ValueTask FlushAsync()
    {
        await _file.WriteAsync(_buffer.WrittenMemory);
        _buffer.Clear();
    }
}
