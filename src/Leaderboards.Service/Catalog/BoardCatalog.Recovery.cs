using Leaderboards.Service.Seasons;
using Leaderboards.Storage;

namespace Leaderboards.Service.Catalog;

// Start-up and restore: the recorded definitions applied in order, then the boards put in service.
public sealed partial class BoardCatalog
{
    /// <summary>Recovery: a recorded definition. A new incarnation replaces the board; the same one changes its settings.</summary>
    internal async Task RecoverAsync(BoardDefinition definition)
    {
        var settings = BoardSettings.Of(definition);
        if (_boards.TryGetValue(definition.Id, out var current) && current.Incarnation == definition.Incarnation)
        {
            current.Settings = settings;
            current.RecoveredReplicas = definition.Options.Replicas;
            return;
        }
        // Replicas and the log are attached once recovery has loaded the entries.
        var board = await _store.CreateBoardAsync(definition.Id, definition.Incarnation, definition.Options with { Replicas = 0 });
        _boards[definition.Id] = new BoardHandle(board, definition.Incarnation, settings, this) { RecoveredReplicas = definition.Options.Replicas };
        if (current is not null)
            await DisposeSeasonsAsync(current.Seasons);
    }

    /// <summary>Recovery: a recorded season start (the first season's record only confirms its id and bounds).</summary>
    internal async Task RecoverAsync(SeasonStarted started)
    {
        if (!_boards.TryGetValue(started.BoardId, out var handle) || handle.Incarnation != started.BoardIncarnation)
            return;
        var board = handle.SeasonByIncarnation(started.SeasonIncarnation)?.Board
            ?? await _store.CreateBoardAsync(handle.Id, started.SeasonIncarnation, handle.Seasons[0].Board.Options with { Replicas = 0 });
        await DisposeSeasonsAsync(handle.PutSeason(
            new Season(started.SeasonId, started.SeasonIncarnation, started.Start, started.End, board), handle.Settings.Reset.KeepSeasons));
    }

    /// <summary>Recovery: the season a logged batch or a snapshot's partition belongs to.</summary>
    internal Season? FindSeason(string boardId, ulong incarnation) =>
        _boards.TryGetValue(boardId, out var handle) ? handle.SeasonByIncarnation(incarnation) : null;

    /// <summary>Recovery: a recorded delete.</summary>
    internal async Task RecoverAsync(BoardDeleted deleted)
    {
        if (_boards.TryGetValue(deleted.Id, out var current) && current.Incarnation == deleted.Incarnation)
        {
            _boards.TryRemove(deleted.Id, out _);
            await DisposeSeasonsAsync(current.Seasons);
        }
    }

    /// <summary>Recovery is done: start the replicas and record every later change.</summary>
    internal async Task FinishRecoveryAsync()
    {
        foreach (var handle in _boards.Values)
        {
            if (handle.RecoveredReplicas > 0)
                await handle.Board.SetReplicaCountAsync(handle.RecoveredReplicas);
            handle.ReplicaCount = handle.RecoveredReplicas;
            foreach (var season in handle.Seasons)
                await _store.AttachAsync(season.Board, season.Incarnation);
            await StartedAsync(handle);
        }
    }

    /// <summary>Removes every board (a restore replaces them all); the caller journals what replaces them.</summary>
    internal async Task ClearForRestoreAsync()
    {
        foreach (var handle in _boards.Values.ToList())
        {
            await handle.CloseAsync();
            _boards.TryRemove(handle.Id, out _);
            handle.Retire();
            await StoppedAsync(handle);
            await DropSeasonsAsync(handle.Seasons);
        }
    }
}
