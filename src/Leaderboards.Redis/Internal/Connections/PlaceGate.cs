namespace Leaderboards.Redis.Internal.Connections;

/// <summary>
/// Bounds the commands awaiting replies on one connection. Taking and giving back places is one interlocked
/// addition; a caller waits (asynchronously, within a timeout) only while every place is taken, so the bound costs
/// nothing until it bites. Never an unbounded queue: a caller that cannot get a place in time fails.
/// </summary>
internal sealed class PlaceGate
{
    private readonly int _capacity;
    private readonly SemaphoreSlim _freed = new(0);
    private int _taken;
    private int _waiters;
    private volatile bool _closed;

    public PlaceGate(int capacity) => _capacity = capacity;

    public enum Outcome
    {
        Taken,
        TimedOut,
        Closed,
    }

    /// <summary>Takes <paramref name="count"/> places if they are free now.</summary>
    public bool TryTake(int count) => TryTake(count, wakeWaiter: true);

    /// <summary>Gives back places whose replies arrived (or whose commands were never written).</summary>
    public void Give(int count)
    {
        Interlocked.Add(ref _taken, -count);
        if (Volatile.Read(ref _waiters) > 0 && _freed.CurrentCount < Volatile.Read(ref _waiters))
        {
            _freed.Release();
        }
    }

    /// <summary>Takes <paramref name="count"/> places, waiting up to <paramref name="timeout"/> for them.</summary>
    public async ValueTask<Outcome> TakeAsync(int count, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (TryTake(count))
        {
            return Outcome.Taken;
        }

        Interlocked.Increment(ref _waiters);
        try
        {
            long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
            while (true)
            {
                if (_closed)
                {
                    return Outcome.Closed;
                }

                // A waiter backing off wakes no one: it would only wake itself, and spin.
                if (TryTake(count, wakeWaiter: false))
                {
                    return Outcome.Taken;
                }

                long left = deadline - Environment.TickCount64;
                if (left <= 0)
                {
                    return Outcome.TimedOut;
                }

                // Woken by a returned place; the short cap covers a place freed while two waiters raced for it.
                await _freed.WaitAsync(TimeSpan.FromMilliseconds(Math.Min(left, 20)), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _waiters);
        }
    }

    private bool TryTake(int count, bool wakeWaiter)
    {
        if (Interlocked.Add(ref _taken, count) <= _capacity)
        {
            return true;
        }

        // Over the bound: back off. A caller that is not waiting wakes a waiter, in case this attempt briefly hid a
        // free place from it.
        if (wakeWaiter)
        {
            Give(count);
        }
        else
        {
            Interlocked.Add(ref _taken, -count);
        }

        return false;
    }

    /// <summary>Wakes every waiter with <see cref="Outcome.Closed"/>: the connection broke.</summary>
    public void Close()
    {
        _closed = true;
        _freed.Release(Volatile.Read(ref _waiters) + 1);
    }
}
