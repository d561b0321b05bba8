using System.Security.Cryptography;
using Leaderboards.Service.Errors;
using Leaderboards.Service.Seasons;
using Leaderboards.Storage;

namespace Leaderboards.Service.Catalog;

// Seasons: the next one starts, once, when a board's current one has ended.
public sealed partial class BoardCatalog
{
    /// <summary>
    /// Starts the season that holds the current time, once the current one has ended (seasons nobody wrote to while the
    /// server was down are skipped). Archived seasons stay readable; the oldest beyond the kept number are dropped.
    /// </summary>
    internal async Task RollOverAsync(BoardHandle handle, CancellationToken cancellationToken)
    {
        for (int attempt = 1; !await TryRollOverAsync(handle, cancellationToken); attempt++)
        {
            if (attempt == MaxCatalogAttempts)
                throw new CatalogChangedException($"Board '{handle.Id}': the next season could not be started while the catalog kept changing; send the request again.");
            // Another node recorded a catalog change first, most likely this very season: follow it, then look again.
            // The wait is bounded: the caller holds a lease on the board, which a change being followed may be waiting for.
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bounded.CancelAfter(CatchUpLimit);
            try
            {
                await _store.CatchUpAsync(bounded.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new CatalogChangedException($"Board '{handle.Id}': the catalog could not be followed in time to start the next season; send the request again.");
            }
        }
    }

    private async Task<bool> TryRollOverAsync(BoardHandle handle, CancellationToken cancellationToken)
    {
        await handle.RollLock.WaitAsync(cancellationToken);
        try
        {
            var now = Now;
            if (handle.Seasons[^1].End is not { } end || now < end)
                return true;
            var reset = handle.Settings.Reset;
            var (id, start, next) = SeasonCalendar.SeasonOf(reset, now, handle.Settings.CreatedAt);
            ulong incarnation = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));
            var board = await _store.CreateBoardAsync(handle.Id, incarnation, handle.Board.Options with { Replicas = handle.ReplicaCount }, cancellationToken);
            try
            {
                await _store.AppendAsync(new SeasonStarted(handle.Id, handle.Incarnation, id, incarnation, start, next));
                await _store.AttachAsync(board, incarnation);
            }
            catch (CatalogChangedException)
            {
                await board.DisposeAsync();
                return false;
            }
            catch
            {
                await board.DisposeAsync();
                throw;
            }
            var dropped = handle.PutSeason(new Season(id, incarnation, start, next, board), reset.KeepSeasons);
            await StartedAsync(handle);
            // Reads that began before the drop may still hold a dropped season's board: it is disposed one rollover later.
            var retired = Interlocked.Exchange(ref _droppedSeasons, [.. dropped]);
            await DropSeasonsAsync(retired);
            return true;
        }
        finally
        {
            handle.RollLock.Release();
        }
    }

    private Season[] _droppedSeasons = [];
}
