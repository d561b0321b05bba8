using System.Collections.Concurrent;
using Leaderboards.Engine.Boards;
using Leaderboards.Engine.Partitions;
using Leaderboards.Service.Catalog;

namespace Leaderboards.Service.Live.Internal;

/// <summary>One board's subscribers, whether it changed since the last publish, and which players changed.</summary>
internal sealed class BoardFeed(BoardHandle handle)
{
    private readonly HashSet<Board> _attached = [];
    private readonly Lock _changedLock = new();
    private HashSet<string> _changed = new(StringComparer.Ordinal);
    private int _dirty;

    public BoardHandle Handle { get; private set; } = handle;

    public ConcurrentDictionary<int, int> TopLimits { get; } = new();

    public ConcurrentDictionary<(string Connection, int Limit), byte> TopSubscribers { get; } = new();

    public ConcurrentDictionary<(string Connection, string PlayerId), PlayerState> Watches { get; } = new();

    /// <summary>The same subscribers, following the board that now serves this id.</summary>
    public BoardFeed With(BoardHandle next)
    {
        Handle = next;
        return this;
    }

    public bool AttachedTo(Board board)
    {
        lock (_attached)
            return _attached.Add(board);
    }

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
