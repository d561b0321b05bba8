using Leaderboards.Engine.Boards;
using Leaderboards.Storage;

namespace Leaderboards.Service.Embedded;

/// <summary>
/// The engine's log: every round of a board's partitions is appended here before it is applied, so nothing the log
/// refuses is ever visible. One append of several partitions (a batch, a score for several boards) is one record.
/// </summary>
internal sealed class StorageChangeLog(DataFiles files) : IChangeLog
{
    public ValueTask AppendAsync(IReadOnlyList<LoggedBatch> batches, CancellationToken cancellationToken)
    {
        if (batches.Count == 1)
            return new(files.AppendAsync(ToRecord(batches[0])));
        var parts = new ScoreBatchRecord[batches.Count];
        for (int i = 0; i < parts.Length; i++)
            parts[i] = ToRecord(batches[i]);
        return new(files.AppendAsync(new ScoreTransactionRecord(parts)));
    }

    private static ScoreBatchRecord ToRecord(LoggedBatch batch)
    {
        var tag = (LogTag)batch.Tag!;
        return new ScoreBatchRecord(tag.BoardId, tag.Incarnation, batch.Batch);
    }
}
