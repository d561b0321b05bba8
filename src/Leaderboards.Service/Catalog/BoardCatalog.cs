using System.Collections.Concurrent;
using System.Security.Cryptography;
using Leaderboards.Engine;
using Leaderboards.Service.Durability;
using Leaderboards.Service.Errors;
using Leaderboards.Service.Seasons;
using Leaderboards.Storage;

namespace Leaderboards.Service.Catalog;

/// <summary>
/// The live boards by id. Lookups are lock-free; creating, reconfiguring and deleting boards are serialised and recorded
/// in the journal before they are acknowledged.
/// </summary>
public sealed partial class BoardCatalog : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, BoardHandle> _boards = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _changeLock = new(1, 1);
    private readonly IBoardStore _store;
    private readonly TimeProvider _time;
    private readonly IBoardObserver[] _observers;

    public BoardCatalog(IBoardStore store, TimeProvider time, IEnumerable<IBoardObserver>? observers = null)
    {
        _store = store;
        _time = time;
        _observers = observers?.ToArray() ?? [];
    }

    private async ValueTask StartedAsync(BoardHandle handle)
    {
        foreach (var observer in _observers)
            await observer.BoardStartedAsync(handle);
    }

    private async ValueTask StoppedAsync(BoardHandle handle)
    {
        foreach (var observer in _observers)
            await observer.BoardStoppedAsync(handle);
    }

    public IEnumerable<BoardHandle> All => _boards.Values.OrderBy(b => b.Id, StringComparer.Ordinal);

    public bool TryGet(string boardId, out BoardHandle board) => _boards.TryGetValue(boardId, out board!);

    /// <summary>The clock that decides which season a score belongs to.</summary>
    public DateTimeOffset Now => _time.GetUtcNow();

    /// <summary>How often a catalog change is decided again after another node recorded one first.</summary>
    private const int MaxCatalogAttempts = 10;

    private static readonly TimeSpan CatchUpLimit = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Runs a catalog change, deciding it again after catching up when another node recorded a change first
    /// (cluster mode); the change holds no lock while it catches up, so the records it follows can be applied.
    /// </summary>
    private async Task<T> DecideAsync<T>(Func<Task<T>> change, CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await change();
            }
            catch (CatalogChangedException) when (attempt < MaxCatalogAttempts)
            {
                await _store.CatchUpAsync(cancellationToken);
            }
        }
    }

    private static async Task DisposeSeasonsAsync(IEnumerable<Season> seasons)
    {
        foreach (var season in seasons)
            await season.Board.DisposeAsync();
    }

    /// <summary>Seasons deleted here: their entries go from the store for good.</summary>
    private async Task DropSeasonsAsync(IEnumerable<Season> seasons)
    {
        foreach (var season in seasons)
            await _store.DropBoardAsync(season.Board);
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
                throw new BoardNotFoundException(boardId);
            if (handle.TryEnter(out var lease))
                return lease;
            // Being deleted or replaced: wait until it is gone, then look again.
            await handle.Retired.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Creates a board, or applies the given fields to an existing one; true when it was created.</summary>
    public Task<(BoardHandle Board, bool Created)> PutAsync(string boardId, BoardChange request, CancellationToken cancellationToken)
    {
        BoardNames.ValidateId(boardId);
        return DecideAsync(() => PutOnceAsync(boardId, request, cancellationToken), cancellationToken);
    }

    private async Task<(BoardHandle Board, bool Created)> PutOnceAsync(string boardId, BoardChange request, CancellationToken cancellationToken)
    {
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

    private async Task<BoardHandle> CreateAsync(string boardId, BoardChange request, CancellationToken cancellationToken)
    {
        var options = Apply(new BoardOptions(), request);
        var settings = new BoardSettings(
            BoardNames.ValidateDisplayName(request.DisplayName ?? boardId), request.PublicRead ?? false, RecordTime.AsKept(_time.GetUtcNow()))
        {
            Reset = BoardNames.ParseReset(request.Reset, SeasonReset.None),
            EntryTtl = BoardNames.ParseTtl(request.EntryTtl, null),
        };
        var handle = await NewBoardAsync(boardId, options, settings, cancellationToken);
        _boards[boardId] = handle;
        await StartedAsync(handle);
        return handle;
    }

    private async Task<BoardHandle> UpdateAsync(BoardHandle current, BoardChange request, CancellationToken cancellationToken)
    {
        var options = Apply(current.Board.Options with { Replicas = current.ReplicaCount }, request);
        var settings = current.Settings with
        {
            DisplayName = request.DisplayName is { } name ? BoardNames.ValidateDisplayName(name) : current.Settings.DisplayName,
            PublicRead = request.PublicRead ?? current.Settings.PublicRead,
            Reset = BoardNames.ParseReset(request.Reset, current.Settings.Reset),
            EntryTtl = BoardNames.ParseTtl(request.EntryTtl, current.Settings.EntryTtl),
        };
        var structural = StructuralChanges(current.Board.Options, options);
        if (settings.Reset != current.Settings.Reset)
            structural.Add("reset");
        if (structural.Count == 0)
        {
            await _store.AppendAsync(
                new BoardDefinition(current.Id, current.Incarnation, settings.DisplayName, settings.PublicRead, settings.CreatedAt, options)
                {
                    Reset = settings.Reset,
                    EntryTtl = settings.EntryTtl,
                });
            if (options.Replicas != current.ReplicaCount)
            {
                await current.Board.SetReplicaCountAsync(options.Replicas, cancellationToken);
                current.ReplicaCount = options.Replicas;
            }
            current.Settings = settings;
            return current;
        }

        await ThrowIfNotEmptyAsync(current, structural);
        // Stop writes, then look again: a score may have arrived since the check above.
        await current.CloseAsync();
        BoardHandle replacement;
        try
        {
            replacement = await HasEntriesAsync(current)
                ? new BoardHandle(current)
                : await NewBoardAsync(current.Id, options, settings, CancellationToken.None);
        }
        catch
        {
            // Nothing changed: the same board goes back in service under a fresh handle.
            _boards[current.Id] = new BoardHandle(current);
            current.Retire();
            throw;
        }
        _boards[current.Id] = replacement;
        current.Retire();
        await StoppedAsync(current);
        await StartedAsync(replacement);
        if (ReferenceEquals(replacement.Board, current.Board))
            await ThrowIfNotEmptyAsync(current, structural);
        await DropSeasonsAsync(current.Seasons);
        return replacement;
    }

    /// <summary>Deletes a board and its entries; false when there is none.</summary>
    public Task<bool> DeleteAsync(string boardId, CancellationToken cancellationToken) =>
        DecideAsync(() => DeleteOnceAsync(boardId, cancellationToken), cancellationToken);

    private async Task<bool> DeleteOnceAsync(string boardId, CancellationToken cancellationToken)
    {
        BoardHandle? handle;
        Task drained;
        await _changeLock.WaitAsync(cancellationToken);
        try
        {
            if (!_boards.TryGetValue(boardId, out handle))
                return false;
            await _store.AppendAsync(new BoardDeleted(handle.Id, handle.Incarnation));
            // No new request gets the board from here on; those under way are waited for outside the lock, so a long
            // import does not hold up every other catalog change (and, in cluster mode, the changes being followed).
            drained = handle.CloseAsync();
            _boards.TryRemove(boardId, out _);
            handle.Retire();
            await StoppedAsync(handle);
        }
        finally
        {
            _changeLock.Release();
        }
        await drained;
        await DropSeasonsAsync(handle.Seasons);
        return true;
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
                // Every season, archived ones included: erasing a player leaves no trace of them.
                bool removed = false;
                foreach (var season in handle.Seasons)
                    removed |= await season.Board.RemoveAsync(playerId, cancellationToken);
                if (removed)
                    removedFrom.Add(handle.Id);
            }
        }
        return removedFrom;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var handle in _boards.Values)
            await DisposeSeasonsAsync(handle.Seasons);
        await DisposeSeasonsAsync(_droppedSeasons);
        _boards.Clear();
    }

    /// <summary>A new engine board under a new incarnation, journalled and logging, not yet visible.</summary>
    private async Task<BoardHandle> NewBoardAsync(string boardId, BoardOptions options, BoardSettings settings, CancellationToken cancellationToken)
    {
        ulong incarnation = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));
        var board = await _store.CreateBoardAsync(boardId, incarnation, options, cancellationToken);
        try
        {
            // The definition goes first, so no batch of this board precedes it in the log.
            await _store.AppendAsync(
                new BoardDefinition(boardId, incarnation, settings.DisplayName, settings.PublicRead, settings.CreatedAt, options)
                {
                    Reset = settings.Reset,
                    EntryTtl = settings.EntryTtl,
                });
            await _store.AttachAsync(board, incarnation);
        }
        catch
        {
            await board.DisposeAsync();
            throw;
        }
        return new BoardHandle(board, incarnation, settings, this);
    }

    private static BoardOptions Apply(BoardOptions options, BoardChange request)
    {
        var result = options with
        {
            Order = request.Order is { } order ? BoardNames.ParseOrder(order) : options.Order,
            UpdatePolicy = request.UpdatePolicy is { } policy ? BoardNames.ParsePolicy(policy) : options.UpdatePolicy,
            RankMode = request.RankMode is { } mode ? BoardNames.ParseRankMode(mode) : options.RankMode,
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

    private static async Task<bool> HasEntriesAsync(BoardHandle board)
    {
        foreach (var season in board.Seasons)
        {
            if (await season.Board.CountAsync(ReadConsistency.Strong) > 0)
                return true;
        }
        return false;
    }

    private static async Task ThrowIfNotEmptyAsync(BoardHandle board, List<string> changed)
    {
        if (await HasEntriesAsync(board))
            throw new ConflictException(
                $"Board '{board.Id}' has entries, so {string.Join(", ", changed)} cannot change; delete the board (or create a new one) first.",
                changed[0]);
    }
}
