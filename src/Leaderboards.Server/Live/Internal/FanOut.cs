namespace Leaderboards.Server.Live.Internal;

/// <summary>
/// Hands published updates to their connections' outboxes a chunk at a time, in publish order, one thread-pool work item
/// per chunk queued at the back of the pool's global queue. Each handed update queues its connection's transport send on
/// that same queue, so a top-N for thousands of watchers becomes thousands of sends at once; handing it over in chunks lets
/// the requests and partition work that arrive meanwhile run between chunks instead of waiting behind the whole fan-out
/// (a score would otherwise reach the board a fan-out late, and be published a fan-out later still).
/// </summary>
/// <remarks>
/// One chunk runs at a time and updates are taken in the order they were published, so each connection gets its updates
/// in that order and a newer top-N never overtakes an older one. While an update waits to start, a newer one of the same
/// subscription for the same connections or more takes its place (latest state wins), so when the fan-out falls behind,
/// what waits is bounded by the subscriptions, not by how long it is behind.
/// </remarks>
internal sealed class FanOut(Action<string, ConnectionOutbox.Key, object, long> deliver, int chunkSize = FanOut.DefaultChunkSize)
    : IThreadPoolWorkItem
{
    /// <summary>About a millisecond of sends on this machine class between two looks at the rest of the pool's queue.</summary>
    public const int DefaultChunkSize = 64;

    private readonly Lock _lock = new();
    private readonly Queue<Slot> _waiting = new();
    // The last waiting slot of each subscription, which a newer update for the same connections or more replaces.
    private readonly Dictionary<ConnectionOutbox.Key, Slot> _lastWaiting = [];
    private Job? _current;
    private int _next;
    private bool _scheduled;

    /// <summary>One update for a set of connections; <see cref="Sequence"/> orders it against unsubscriptions.</summary>
    public sealed record Job(ConnectionOutbox.Key Key, object Message, string[] ConnectionIds, long Sequence);

    /// <summary>Updates not yet handed over in full, the one in progress included.</summary>
    public int Pending
    {
        get
        {
            lock (_lock)
                return _waiting.Count + (_current is null ? 0 : 1);
        }
    }

    public void Enqueue(Job job)
    {
        lock (_lock)
        {
            if (_lastWaiting.TryGetValue(job.Key, out var last) && Covers(job.ConnectionIds, last.Job.ConnectionIds))
            {
                last.Job = job;
                return;
            }
            var slot = new Slot(job);
            _waiting.Enqueue(slot);
            _lastWaiting[job.Key] = slot;
            if (_scheduled)
                return;
            _scheduled = true;
        }
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    /// <summary>Hands over up to one chunk, then queues itself again behind whatever arrived meanwhile.</summary>
    public void Execute()
    {
        int budget = chunkSize;
        while (budget > 0)
        {
            if (_current is null && !TryStartNext())
                return;
            var current = _current!;
            int end = Math.Min(current.ConnectionIds.Length, _next + budget);
            for (int i = _next; i < end; i++)
                deliver(current.ConnectionIds[i], current.Key, current.Message, current.Sequence);
            budget -= end - _next;
            _next = end;
            if (_next == current.ConnectionIds.Length)
            {
                lock (_lock)
                    _current = null;
            }
        }
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    /// <summary>Takes the next waiting update; false (and nothing scheduled any more) when none waits.</summary>
    private bool TryStartNext()
    {
        lock (_lock)
        {
            if (!_waiting.TryDequeue(out var slot))
            {
                _scheduled = false;
                return false;
            }
            if (_lastWaiting.TryGetValue(slot.Job.Key, out var last) && last == slot)
                _lastWaiting.Remove(slot.Job.Key);
            _current = slot.Job;
            _next = 0;
            return true;
        }
    }

    /// <summary>True when every connection of <paramref name="older"/> is among <paramref name="newer"/>.</summary>
    private static bool Covers(string[] newer, string[] older)
    {
        if (older.Length > newer.Length)
            return false;
        if (older.Length == 1)
            return Array.IndexOf(newer, older[0]) >= 0;
        var ids = new HashSet<string>(newer, StringComparer.Ordinal);
        foreach (string id in older)
        {
            if (!ids.Contains(id))
                return false;
        }
        return true;
    }

    private sealed class Slot(Job job)
    {
        public Job Job { get; set; } = job;
    }
}
