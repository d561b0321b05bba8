using System.Collections.Concurrent;

namespace Leaderboards.Server.Live.Internal;

/// <summary>
/// Hands published updates to their connections' outboxes a chunk at a time, in publish order, one thread-pool work item
/// per chunk queued at the back of the pool's global queue. Each handed update queues its connection's transport send on
/// that same queue, so a top-N for thousands of watchers becomes thousands of sends at once; handing it over in chunks lets
/// the requests and partition work that arrive meanwhile run between chunks instead of waiting behind the whole fan-out
/// (a score would otherwise reach the board a fan-out late, and be published a fan-out later still).
/// </summary>
/// <remarks>
/// One chunk runs at a time and jobs are taken in the order they were published, so each connection gets its updates in
/// that order and a newer top-N never overtakes an older one.
/// </remarks>
internal sealed class FanOut(Action<string, ConnectionOutbox.Key, object, long> deliver, int chunkSize = FanOut.DefaultChunkSize)
    : IThreadPoolWorkItem
{
    /// <summary>About a millisecond of sends on this machine class between two looks at the rest of the pool's queue.</summary>
    public const int DefaultChunkSize = 64;

    private readonly ConcurrentQueue<Job> _jobs = new();
    private Job? _current;
    private int _next;
    private int _scheduled;

    /// <summary>One update for a set of connections; <see cref="Sequence"/> orders it against unsubscriptions.</summary>
    public sealed record Job(ConnectionOutbox.Key Key, object Message, string[] ConnectionIds, long Sequence);

    /// <summary>Jobs not yet handed over in full, the one in progress included.</summary>
    public int Pending => _jobs.Count + (Volatile.Read(ref _current) is null ? 0 : 1);

    public void Enqueue(Job job)
    {
        _jobs.Enqueue(job);
        Schedule();
    }

    /// <summary>Hands over up to one chunk, then queues itself again behind whatever arrived meanwhile.</summary>
    public void Execute()
    {
        int budget = chunkSize;
        while (budget > 0)
        {
            if (_current is null)
            {
                if (!_jobs.TryDequeue(out var job))
                {
                    Volatile.Write(ref _scheduled, 0);
                    // A job enqueued after the dequeue failed but before the flag was cleared saw it set and did not schedule.
                    if (!_jobs.IsEmpty)
                        Schedule();
                    return;
                }
                Volatile.Write(ref _current, job);
                _next = 0;
            }
            var current = _current;
            int end = Math.Min(current.ConnectionIds.Length, _next + budget);
            for (int i = _next; i < end; i++)
                deliver(current.ConnectionIds[i], current.Key, current.Message, current.Sequence);
            budget -= end - _next;
            _next = end;
            if (_next == current.ConnectionIds.Length)
                Volatile.Write(ref _current, null);
        }
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    private void Schedule()
    {
        if (Interlocked.CompareExchange(ref _scheduled, 1, 0) == 0)
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }
}
