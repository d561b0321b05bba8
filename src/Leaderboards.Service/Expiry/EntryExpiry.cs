using Leaderboards.Engine;
using Leaderboards.Engine.Partitions;
using Leaderboards.Service.Catalog;
using Microsoft.Extensions.Logging;

namespace Leaderboards.Service.Expiry;

/// <summary>
/// Drops entries not updated for their board's <c>entryTtl</c>, like a cache's expiry: a sweep reads each such board's
/// current season in chunks and removes what has expired through the board, so removals are logged like any other.
/// The host runs a sweep every <c>Leaderboards:Expiry:SweepInterval</c> (10 s); requests never scan.
/// </summary>
public sealed partial class EntryExpiry(BoardCatalog boards, TimeProvider time, ILogger<EntryExpiry> logger)
{
    private const int Chunk = 4096;

    /// <summary>One sweep over every board with an entry TTL; answers how many entries were removed.</summary>
    public async Task<long> SweepAsync(CancellationToken cancellationToken)
    {
        long removed = 0;
        foreach (var handle in boards.All)
        {
            if (handle.Settings.EntryTtl is not { } ttl || !handle.TryEnter(out var lease))
                continue;
            using (lease)
            {
                long cutoff = (time.GetUtcNow() - ttl).ToUnixTimeMilliseconds();
                var board = (await handle.CurrentSeasonAsync(cancellationToken)).Board;
                foreach (var partition in board.Partitions)
                    removed += await SweepPartitionAsync(board, partition, cutoff, cancellationToken);
            }
        }
        if (removed > 0)
            Log.Expired(logger, removed);
        return removed;
    }

    private static async Task<long> SweepPartitionAsync(Engine.Boards.Board board, IPartition partition, long cutoff, CancellationToken cancellationToken)
    {
        var reader = partition.ReaderFor(ReadConsistency.Strong);
        var expired = new List<string>();
        var chunk = await reader.RangeAsync(0, Chunk, cancellationToken);
        while (chunk.Count > 0)
        {
            foreach (var entry in chunk)
            {
                if (entry.Time < cutoff)
                    expired.Add(entry.PlayerId);
            }
            var last = chunk[^1];
            chunk = await reader.RangeAfterAsync(new RankKey(last.Score, last.Subscore, last.Time, last.PlayerId), Chunk, cancellationToken);
        }
        long removed = 0;
        foreach (string playerId in expired)
        {
            // Looked at again by the partition itself: an entry updated since the scan is kept.
            if (await partition.GetAsync(playerId, cancellationToken) is { } current && current.Entry.Time < cutoff
                && await board.RemoveAsync(playerId, cancellationToken))
                removed++;
        }
        return removed;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 130, Level = LogLevel.Information, Message = "Expired {Count} entries")]
        public static partial void Expired(ILogger logger, long count);
    }
}
