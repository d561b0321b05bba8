using Leaderboards.Engine.Partitions;

namespace Leaderboards.Server.Persistence.Internal;

/// <summary>Writes a partition's change batches to the log; the owner acknowledges the writes only after this completes.</summary>
internal sealed class LogChangeSink(DurableStore store, string boardId, ulong incarnation) : IChangeSink
{
    public ValueTask PublishAsync(ChangeBatch batch, CancellationToken cancellationToken) =>
        new(store.AppendAsync(RecordType.ScoreBatch, new ScoreBatchRecord(boardId, incarnation, batch)));
}
