using Leaderboards.Engine.Partitions;

namespace Leaderboards.Storage;

/// <summary>One partition's apply round, as the log keeps it.</summary>
public sealed record ScoreBatchRecord(string BoardId, ulong Incarnation, ChangeBatch Batch) : StorageRecord
{
    public override RecordType Type => RecordType.ScoreBatch;
}

/// <summary>
/// Apply rounds of several partitions, of one board or several, written as one record under one checksum: a crash or a
/// refused append keeps all of them or none.
/// </summary>
public sealed record ScoreTransactionRecord(IReadOnlyList<ScoreBatchRecord> Parts) : StorageRecord
{
    public override RecordType Type => RecordType.ScoreTransaction;
}
