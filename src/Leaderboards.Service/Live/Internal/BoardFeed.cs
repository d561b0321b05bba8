using System.Collections.Concurrent;
using Leaderboards.Service.Boards;
using Leaderboards.Service.Catalog;

namespace Leaderboards.Service.Live.Internal;

/// <summary>
/// One board id's subscribers, the board that serves the id now (none after a delete, until one is created again), whether
/// it changed since the last publish, and which players changed.
/// </summary>
internal sealed class BoardFeed(string boardId, BoardHandle handle)
{
    // The board watched for changes: the serving board's current season. Only one at a time, and none once the board
    // stopped, so a deleted board or a dropped season is not held here, nor its store's subscription kept open.
    private readonly SemaphoreSlim _watchLock = new(1, 1);
    private IRankedBoard? _watched;
    private IAsyncDisposable? _watch;
    private readonly Lock _changedLock = new();
    private HashSet<string> _changed = new(StringComparer.Ordinal);
    private BoardHandle? _handle = handle;
    private int _dirty;

    public string BoardId { get; } = boardId;

    /// <summary>The board serving this id; null once it stopped and nothing replaced it yet.</summary>
    public BoardHandle? Handle => Volatile.Read(ref _handle);

    /// <summary>Each top limit's subscribed connections.</summary>
    public ConcurrentDictionary<int, ConcurrentDictionary<string, byte>> TopSubscribers { get; } = new();

    public ConcurrentDictionary<(string Connection, string PlayerId), PlayerState> Watches { get; } = new();

    public bool HasSubscribers => !Watches.IsEmpty || TopSubscribers.Values.Any(connections => !connections.IsEmpty);

    /// <summary>The same subscribers, following the board that now serves this id.</summary>
    public void Serve(BoardHandle next) => Volatile.Write(ref _handle, next);

    /// <summary>Lets go of <paramref name="stopped"/> if it still serves this id; true when it did.</summary>
    public bool Stop(BoardHandle stopped) => Interlocked.CompareExchange(ref _handle, null, stopped) == stopped;

    /// <summary>Follows the changes of <paramref name="board"/> (each season has its own board) instead of the one followed before.</summary>
    public async Task WatchAsync(IRankedBoard board)
    {
        await _watchLock.WaitAsync();
        try
        {
            if (ReferenceEquals(_watched, board))
                return;
            await StopWatchingAsync();
            _watch = await board.WatchAsync(Changed);
            Volatile.Write(ref _watched, board);
        }
        finally
        {
            _watchLock.Release();
        }
    }

    /// <summary>True while the changes of <paramref name="board"/> are followed.</summary>
    public bool IsWatching(IRankedBoard board) => ReferenceEquals(Volatile.Read(ref _watched), board);

    /// <summary>Stops following changes if the board followed is one of <paramref name="boards"/> (a stopped board's seasons).</summary>
    public async Task UnwatchAsync(IEnumerable<IRankedBoard> boards)
    {
        await _watchLock.WaitAsync();
        try
        {
            if (_watched is { } watched && boards.Any(b => ReferenceEquals(b, watched)))
                await StopWatchingAsync();
        }
        finally
        {
            _watchLock.Release();
        }
    }

    private async Task StopWatchingAsync()
    {
        var watch = _watch;
        (_watch, _watched) = (null, null);
        if (watch is not null)
            await watch.DisposeAsync();
    }

    public void MarkDirty() => Volatile.Write(ref _dirty, 1);

    public bool TakeDirty() => Interlocked.Exchange(ref _dirty, 0) == 1;

    /// <summary>Players whose entries changed (none named: any may have).</summary>
    public void Changed(IReadOnlyList<string> playerIds)
    {
        if (!Watches.IsEmpty)
        {
            lock (_changedLock)
            {
                foreach (string playerId in playerIds)
                    _changed.Add(playerId);
            }
        }
        MarkDirty();
    }

    public HashSet<string> TakeChanged()
    {
        lock (_changedLock)
        {
            var taken = _changed;
            _changed = new HashSet<string>(StringComparer.Ordinal);
            return taken;
        }
    }
}
