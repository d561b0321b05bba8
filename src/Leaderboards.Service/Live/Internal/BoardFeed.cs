using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Leaderboards.Engine.Boards;
using Leaderboards.Engine.Partitions;
using Leaderboards.Service.Catalog;

namespace Leaderboards.Service.Live.Internal;

/// <summary>
/// One board id's subscribers, the board that serves the id now (none after a delete, until one is created again), whether
/// it changed since the last publish, and which players changed.
/// </summary>
internal sealed class BoardFeed(string boardId, BoardHandle handle)
{
    // Weak: a season's or a deleted board's engine board (and its index) goes once the catalog drops it. The board keeps
    // this feed alive through its partitions' sinks, never the other way round.
    private readonly ConditionalWeakTable<Board, object> _attached = [];
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

    /// <summary>True the first time for each engine board (each season has its own).</summary>
    public bool AttachedTo(Board board) => _attached.TryAdd(board, this);

    public void MarkDirty() => Volatile.Write(ref _dirty, 1);

    public bool TakeDirty() => Interlocked.Exchange(ref _dirty, 0) == 1;

    public void Changed(ChangeBatch batch)
    {
        if (!Watches.IsEmpty)
        {
            lock (_changedLock)
            {
                foreach (var change in batch.Changes)
                    _changed.Add(change.PlayerId);
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
