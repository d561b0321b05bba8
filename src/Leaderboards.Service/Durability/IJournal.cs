using Leaderboards.Service.Boards;
using Leaderboards.Storage;

namespace Leaderboards.Service.Durability;

/// <summary>Where changes are recorded before they are acknowledged.</summary>
public interface IJournal
{
    /// <summary>
    /// Records a definition change (boards, seasons, keys); completes when it is as durable as the store promises.
    /// Throws <see cref="Errors.CatalogChangedException"/> when another node changed the catalog first.
    /// </summary>
    Task AppendAsync(StorageRecord record);

    /// <summary>Records every later change of the board's partitions (the store's own boards only).</summary>
    ValueTask AttachAsync(IRankedBoard board, ulong incarnation);

    /// <summary>Applies the changes other nodes recorded so far; completes at once for a store only one process uses.</summary>
    Task CatchUpAsync(CancellationToken cancellationToken);
}
