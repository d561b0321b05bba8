namespace Leaderboards.Redis.Internal.Connections;

/// <summary>
/// The commands a connection has written, oldest first, in a ring that grows by doubling up to the
/// connection's bound (callers wait for a place before they enqueue, so it never has to grow past it).
/// Not thread-safe: the connection guards it with one lock.
/// </summary>
internal sealed class ReplyQueue
{
    private PendingReply?[] _ring = new PendingReply?[64];
    private int _head;

    public int Count { get; private set; }

    public void Enqueue(PendingReply pending)
    {
        if (Count == _ring.Length)
        {
            var grown = new PendingReply?[_ring.Length * 2];
            for (int i = 0; i < Count; i++)
            {
                grown[i] = _ring[(_head + i) % _ring.Length];
            }

            _ring = grown;
            _head = 0;
        }

        _ring[(_head + Count) % _ring.Length] = pending;
        Count++;
    }

    public bool TryDequeue(out PendingReply pending)
    {
        if (Count == 0)
        {
            pending = null!;
            return false;
        }

        pending = _ring[_head]!;
        _ring[_head] = null;
        _head = (_head + 1) % _ring.Length;
        Count--;
        return true;
    }

    /// <summary>The entry <paramref name="index"/> places from the oldest.</summary>
    public PendingReply this[int index] => _ring[(_head + index) % _ring.Length]!;
}
