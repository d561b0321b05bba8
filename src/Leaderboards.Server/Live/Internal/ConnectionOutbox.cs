using Leaderboards.Contracts;
using Leaderboards.Service.Live;

namespace Leaderboards.Server.Live.Internal;

/// <summary>
/// The live updates on their way to one connection. One send is in flight at a time; while it is, each subscription keeps
/// only its latest update (a top-N is latest-state-wins), so what waits for a slow connection is bounded by its
/// subscriptions, not by how long it stalls. Nothing here waits for the connection: a send that does not complete at once
/// is followed by the next waiting update when the connection has taken it.
/// </summary>
internal sealed class ConnectionOutbox(Func<object, Task> send, TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<Key, object> _pending = [];
    // Keys in the order they first waited; a key taken or dropped in the meantime is skipped.
    private readonly Queue<Key> _order = new();
    // Per board the connection left: the last top-N published before it left, which must not be sent if it comes late.
    private readonly Dictionary<string, long> _leftAfter = new(StringComparer.Ordinal);
    private bool _sending;
    private long _sendingSince;
    private bool _closed;
    private bool _stalled;

    /// <summary>One subscription: a board's top at a limit (<see cref="PlayerId"/> null) or one watched player.</summary>
    public readonly record struct Key(string BoardId, int Limit, string? PlayerId);

    /// <summary>
    /// Sends <paramref name="message"/> now if nothing is in flight, else keeps it in place of the key's waiting one.
    /// <paramref name="published"/> numbers a top-N handed over later than it was published; one published before the
    /// connection left its board is dropped.
    /// </summary>
    public void Offer(Key key, object message, long published = long.MaxValue)
    {
        lock (_lock)
        {
            if (_closed || (_leftAfter.TryGetValue(key.BoardId, out long left) && published <= left))
                return;
            if (_sending)
            {
                if (_pending.TryGetValue(key, out var waiting))
                {
                    _pending[key] = Merge(waiting, message);
                }
                else
                {
                    _pending[key] = message;
                    _order.Enqueue(key);
                }
                return;
            }
            _sending = true;
            _sendingSince = time.GetTimestamp();
        }
        Pump(message);
    }

    /// <summary>
    /// Forgets the waiting updates of one board (the connection unsubscribed), and those published up to
    /// <paramref name="publishedUpTo"/> that are still to be offered.
    /// </summary>
    public void Drop(string boardId, long publishedUpTo = 0)
    {
        lock (_lock)
        {
            if (publishedUpTo > 0)
                _leftAfter[boardId] = publishedUpTo;
            foreach (var key in _pending.Keys.Where(k => k.BoardId == boardId).ToList())
                _pending.Remove(key);
        }
    }

    /// <summary>The connection is gone: nothing more is sent.</summary>
    public void Close()
    {
        lock (_lock)
        {
            _closed = true;
            _pending.Clear();
            _order.Clear();
        }
    }

    /// <summary>True, once, when the send in flight has waited longer than <paramref name="timeout"/> for the connection.</summary>
    public bool TryMarkStalled(TimeSpan timeout)
    {
        lock (_lock)
        {
            if (!_sending || _closed || _stalled || time.GetElapsedTime(_sendingSince) <= timeout)
                return false;
            _stalled = true;
            return true;
        }
    }

    private void Pump(object message)
    {
        while (true)
        {
            Task sent;
            try
            {
                sent = send(message);
            }
            catch (Exception e)
            {
                sent = Task.FromException(e);
            }
            if (!sent.IsCompleted)
            {
                // Runs where the send completes: SignalR completes it from the thread pool, never from a publisher's call.
                sent.ContinueWith(static (task, state) => ((ConnectionOutbox)state!).Sent(task), this,
                    CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                return;
            }
            if (!TryTakeNext(sent, out message))
                return;
        }
    }

    private void Sent(Task sent)
    {
        if (TryTakeNext(sent, out var message))
            Pump(message);
    }

    /// <summary>After a send completed: the next waiting update, or false (and nothing in flight) when there is none.</summary>
    private bool TryTakeNext(Task sent, out object message)
    {
        // A failed send means the connection is closing; its disconnect closes this outbox.
        _ = sent.Exception;
        lock (_lock)
        {
            while (!_closed && _order.TryDequeue(out var key))
            {
                if (_pending.Remove(key, out var next))
                {
                    message = next;
                    _sendingSince = time.GetTimestamp();
                    return true;
                }
            }
            _sending = false;
            message = null!;
            return false;
        }
    }

    /// <summary>
    /// The latest update replaces the waiting one. A player's standing keeps the previous rank the client last saw and
    /// everyone who overtook them in between.
    /// </summary>
    private static object Merge(object waiting, object latest) =>
        (waiting, latest) is (RankChangedMessage before, RankChangedMessage after)
            ? after with { PreviousRank = before.PreviousRank, OvertakenBy = [.. before.OvertakenBy.Union(after.OvertakenBy, StringComparer.Ordinal).Take(RankUpdate.MaxOvertakenBy)] }
            : latest;
}
