using Leaderboards.Engine.Partitions;

namespace Leaderboards.Storage;

/// <summary>One partition's apply round, as the log keeps it.</summary>
public sealed record ScoreBatchRecord(string BoardId, ulong Incarnation, ChangeBatch Batch) : StorageRecord
{
    public override RecordType Type => RecordType.ScoreBatch;
}
