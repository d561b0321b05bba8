using Leaderboards.Engine.Partitions;
using Leaderboards.Storage;

namespace Leaderboards.Server.Persistence;

/// <summary>Writes a partition's change batches to the log; the owner acknowledges the writes only after this completes.</summary>
internal sealed class LogChangeSink(DataFiles files, string boardId, ulong incarnation) : IChangeSink
{
    public ValueTask PublishAsync(ChangeBatch batch, CancellationToken cancellationToken) =>
        new(files.AppendAsync(new ScoreBatchRecord(boardId, incarnation, batch)));
}
