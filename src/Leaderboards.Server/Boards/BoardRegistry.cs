using System.Collections.Concurrent;
using Leaderboards.Engine;
using Leaderboards.Engine.Boards;
using Leaderboards.Server.Api.Contracts;
using Leaderboards.Server.Api.Internal;
using Leaderboards.Server.Storage;

namespace Leaderboards.Server.Boards;

/// <summary>
/// The live boards by id. Lookups are lock-free; creating, reconfiguring and deleting boards are serialised and written to
/// the board definitions before they are acknowledged.
/// </summary>
public sealed class BoardRegistry : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, BoardHandle> _boards = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _changeLock = new(1, 1);
    private readonly BoardDefinitionStore _store;
    private readonly TimeProvider _time;

    internal BoardRegistry(BoardDefinitionStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
    }

    public IEnumerable<BoardHandle> All => _boards.Values.OrderBy(b => b.Id, StringComparer.Ordinal);

    public bool TryGet(string boardId, out BoardHandle board) => _boards.TryGetValue(boardId, out board!);

    /// <summary>Creates the boards recorded in the data directory.</summary>
    internal async Task LoadAsync(CancellationToken cancellationToken)
    {
        foreach (var (id, options, settings) in _store.Load())
            _boards[id] = new BoardHandle(await Board.CreateAsync(id, options, _time, cancellationToken), settings);
    }

    /// <summary>Holds the board for the length of a request; 404 when there is none.</summary>
    public ValueTask<BoardHandle.Lease> EnterAsync(string boardId, CancellationToken cancellationToken)
    {
        if (_boards.TryGetValue(boardId, out var handle) && handle.TryEnter(out var lease))
            return ValueTask.FromResult(lease);
        return EnterSlowAsync(boardId, cancellationToken);
    }

    private async ValueTask<BoardHandle.Lease> EnterSlowAsync(string boardId, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (!_boards.TryGetValue(boardId, out var handle))
                throw ApiProblemException.BoardNotFound(boardId);
            if (handle.TryEnter(out var lease))
                return lease;
            // Being deleted or replaced: wait until it is gone, then look again.
            await handle.Retired.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Creates a board, or applies the given fields to an existing one; true when it was created.</summary>
    public async Task<(BoardHandle Board, bool Created)> PutAsync(string boardId, BoardRequest request, CancellationToken cancellationToken)
    {
        BoardDefinitions.ValidateId(boardId);
        await _changeLock.WaitAsync(cancellationToken);
        try
        {
            return _boards.TryGetValue(boardId, out var current)
                ? (await UpdateAsync(current, request, cancellationToken), false)
                : (await CreateAsync(boardId, request, cancellationToken), true);
        }
        finally
        {
            _changeLock.Release();
        }
    }

    private async Task<BoardHandle> CreateAsync(string boardId, BoardRequest request, CancellationToken cancellationToken)
    {
        var options = Apply(new BoardOptions(), request);
        var settings = new BoardSettings(
            BoardDefinitions.ValidateDisplayName(request.DisplayName ?? boardId), request.PublicRead ?? false, _time.GetUtcNow());
        var handle = new BoardHandle(await Board.CreateAsync(boardId, options, _time, cancellationToken), settings);
        try
        {
            await _store.SaveAsync(_boards.Values.Append(handle), cancellationToken);
        }
        catch
        {
            await handle.Board.DisposeAsync();
            throw;
        }
        _boards[boardId] = handle;
        return handle;
    }

    private async Task<BoardHandle> UpdateAsync(BoardHandle current, BoardRequest request, CancellationToken cancellationToken)
    {
        var options = Apply(current.Board.Options with { Replicas = current.ReplicaCount }, request);
        var settings = current.Settings with
        {
            DisplayName = request.DisplayName is { } name ? BoardDefinitions.ValidateDisplayName(name) : current.Settings.DisplayName,
            PublicRead = request.PublicRead ?? current.Settings.PublicRead,
        };
        var structural = StructuralChanges(current.Board.Options, options);
        if (structural.Count == 0)
        {
            if (options.Replicas != current.ReplicaCount)
                await current.Board.SetReplicaCountAsync(options.Replicas, cancellationToken);
            current.Settings = settings;
            await _store.SaveAsync(_boards.Values, cancellationToken);
            return current;
        }

        ThrowIfNotEmpty(current, structural);
        // Stop writes, then look again: a score may have arrived since the check above.
        await current.CloseAsync();
        var replacement = current.Board.GetStatus().Entries > 0
            ? new BoardHandle(current.Board, current.Settings)
            : new BoardHandle(await Board.CreateAsync(current.Id, options, _time, CancellationToken.None), settings);
        _boards[current.Id] = replacement;
        current.Retire();
        if (ReferenceEquals(replacement.Board, current.Board))
            ThrowIfNotEmpty(current, structural);
        await _store.SaveAsync(_boards.Values, CancellationToken.None);
        await current.Board.DisposeAsync();
        return replacement;
    }

    /// <summary>Deletes a board and its entries; false when there is none.</summary>
    public async Task<bool> DeleteAsync(string boardId, CancellationToken cancellationToken)
    {
        await _changeLock.WaitAsync(cancellationToken);
        try
        {
            if (!_boards.TryGetValue(boardId, out var handle))
                return false;
            await handle.CloseAsync();
            _boards.TryRemove(boardId, out _);
            handle.Retire();
            await _store.SaveAsync(_boards.Values, CancellationToken.None);
            await handle.Board.DisposeAsync();
            return true;
        }
        finally
        {
            _changeLock.Release();
        }
    }

    /// <summary>Removes a player's entry from every board; returns the boards it was on.</summary>
    public async Task<IReadOnlyList<string>> ErasePlayerAsync(string playerId, CancellationToken cancellationToken)
    {
        PlayerIds.Validate(playerId);
        var removedFrom = new List<string>();
        foreach (var handle in All)
        {
            if (!handle.TryEnter(out var lease))
                continue;
            using (lease)
            {
                if (await lease.Board.RemoveAsync(playerId, cancellationToken))
                    removedFrom.Add(handle.Id);
            }
        }
        return removedFrom;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var handle in _boards.Values)
            await handle.Board.DisposeAsync();
        _boards.Clear();
    }

    private static BoardOptions Apply(BoardOptions options, BoardRequest request)
    {
        var result = options with
        {
            Order = request.Order is { } order ? BoardDefinitions.ParseOrder(order) : options.Order,
            UpdatePolicy = request.UpdatePolicy is { } policy ? BoardDefinitions.ParsePolicy(policy) : options.UpdatePolicy,
            RankMode = request.RankMode is { } mode ? BoardDefinitions.ParseRankMode(mode) : options.RankMode,
            MinScore = request.MinScore ?? options.MinScore,
            MaxScore = request.MaxScore ?? options.MaxScore,
            Partitions = request.Partitions ?? options.Partitions,
            Replicas = request.Replicas ?? options.Replicas,
        };
        result.Validate();
        return result;
    }

    private static List<string> StructuralChanges(BoardOptions before, BoardOptions after)
    {
        var changed = new List<string>();
        if (before.Order != after.Order) changed.Add("order");
        if (before.UpdatePolicy != after.UpdatePolicy) changed.Add("updatePolicy");
        if (before.RankMode != after.RankMode) changed.Add("rankMode");
        if (before.MinScore != after.MinScore) changed.Add("minScore");
        if (before.MaxScore != after.MaxScore) changed.Add("maxScore");
        if (before.Partitions != after.Partitions) changed.Add("partitions");
        return changed;
    }

    private static void ThrowIfNotEmpty(BoardHandle board, List<string> changed)
    {
        if (board.Board.GetStatus().Entries > 0)
            throw ApiProblemException.Conflict(
                $"Board '{board.Id}' has entries, so {string.Join(", ", changed)} cannot change; delete the board (or create a new one) first.",
                changed[0]);
    }
}
