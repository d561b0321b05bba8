using Leaderboards.Engine.Partitions;

namespace Leaderboards.Storage;

/// <summary>A snapshot's first record: the log segment replay starts from.</summary>
public sealed record SnapshotBegin(long ReplayFromSegment, DateTimeOffset CreatedAt) : StorageRecord
{
    public override RecordType Type => RecordType.SnapshotBegin;
}

/// <summary>The entries that follow belong to this partition, captured from <see cref="Sequence"/>.</summary>
public sealed record PartitionBegin(string BoardId, ulong Incarnation, int Partition, long Sequence) : StorageRecord
{
    public override RecordType Type => RecordType.PartitionBegin;
}

/// <summary>A chunk of the current partition's entries, in rank order; their sequence numbers are not kept.</summary>
public sealed record EntriesChunk(IReadOnlyList<ScoreChange> Entries) : StorageRecord
{
    public override RecordType Type => RecordType.Entries;
}

/// <summary>A snapshot's last record, with counts to check it is whole.</summary>
public sealed record SnapshotEnd(long Records, long Entries) : StorageRecord
{
    public override RecordType Type => RecordType.SnapshotEnd;
}
