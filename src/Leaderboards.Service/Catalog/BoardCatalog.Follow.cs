using Leaderboards.Service.Seasons;
using Leaderboards.Storage;

namespace Leaderboards.Service.Catalog;

// Cluster mode: changes recorded in the shared catalog, by another node or (seen again) by this one. Each is applied
// under the lock its local counterpart holds from deciding to recording, so a node never decides against a catalog
// that changes under it; a record this node has applied (or passed) by the time the lock is held is stale and skipped.
public sealed partial class BoardCatalog
{
    /// <summary>A definition recorded in the shared catalog: a board created, reconfigured or replaced.</summary>
    internal async Task FollowAsync(BoardDefinition definition, Func<bool> stale)
    {
        await _changeLock.WaitAsync();
        try
        {
            if (stale())
                return;
            var settings = BoardSettings.Of(definition);
            if (_boards.TryGetValue(definition.Id, out var current) && current.Incarnation == definition.Incarnation)
            {
                current.Settings = settings;
                current.ReplicaCount = definition.Options.Replicas;
                return;
            }
            var board = await _store.CreateBoardAsync(definition.Id, definition.Incarnation, definition.Options);
            var handle = new BoardHandle(board, definition.Incarnation, settings, this);
            if (current is not null)
                await StopFollowedAsync(current);
            _boards[definition.Id] = handle;
            await StartedAsync(handle);
        }
        finally
        {
            _changeLock.Release();
        }
    }

    /// <summary>A season start recorded in the shared catalog.</summary>
    internal async Task FollowAsync(SeasonStarted started, Func<bool> stale)
    {
        if (!_boards.TryGetValue(started.BoardId, out var handle) || handle.Incarnation != started.BoardIncarnation)
            return;
        await handle.RollLock.WaitAsync();
        try
        {
            if (stale() || handle.SeasonByIncarnation(started.SeasonIncarnation) is not null)
                return;
            var board = await _store.CreateBoardAsync(handle.Id, started.SeasonIncarnation, handle.Board.Options with { Replicas = handle.ReplicaCount });
            // The node that started the season dropped the seasons past retention; here they are only let go.
            await DisposeSeasonsAsync(handle.PutSeason(
                new Season(started.SeasonId, started.SeasonIncarnation, started.Start, started.End, board), handle.Settings.Reset.KeepSeasons));
            await StartedAsync(handle);
        }
        finally
        {
            handle.RollLock.Release();
        }
    }

    /// <summary>A delete recorded in the shared catalog.</summary>
    internal async Task FollowAsync(BoardDeleted deleted, Func<bool> stale)
    {
        await _changeLock.WaitAsync();
        try
        {
            if (!stale() && _boards.TryGetValue(deleted.Id, out var current) && current.Incarnation == deleted.Incarnation)
            {
                _boards.TryRemove(deleted.Id, out _);
                await StopFollowedAsync(current);
            }
        }
        finally
        {
            _changeLock.Release();
        }
    }

    /// <summary>
    /// Takes a board out of service on this node; its entries stay for the node that deleted or replaced it to drop.
    /// New requests are refused at once, but requests under way are not waited for: one may be waiting for this very
    /// follower (a season it must catch up with), and a cluster board holds nothing that disposing would take from it.
    /// </summary>
    private async Task StopFollowedAsync(BoardHandle handle)
    {
        _ = handle.CloseAsync();
        handle.Retire();
        await StoppedAsync(handle);
        await DisposeSeasonsAsync(handle.Seasons);
    }
}
