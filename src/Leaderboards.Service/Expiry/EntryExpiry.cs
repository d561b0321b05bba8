using Leaderboards.Service.Catalog;
using Microsoft.Extensions.Logging;

namespace Leaderboards.Service.Expiry;

/// <summary>
/// Drops entries not updated for their board's <c>entryTtl</c>, like a cache's expiry: a sweep asks each such board's
/// current season to remove what has expired, through the store, so removals are logged (or replicated) like any other.
/// The host runs a sweep every <c>Leaderboards:Expiry:SweepInterval</c> (10 s); requests never scan.
/// </summary>
public sealed partial class EntryExpiry(BoardCatalog boards, TimeProvider time, ILogger<EntryExpiry> logger)
{
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
                var board = (await handle.CurrentSeasonAsync(cancellationToken)).Board;
                removed += await board.ExpireAsync(time.GetUtcNow() - ttl, cancellationToken);
            }
        }
        if (removed > 0)
            Log.Expired(logger, removed);
        return removed;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 130, Level = LogLevel.Information, Message = "Expired {Count} entries")]
        public static partial void Expired(ILogger logger, long count);
    }
}
