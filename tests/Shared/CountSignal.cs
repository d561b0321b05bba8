namespace Leaderboards.Testing;

/// <summary>
/// A count that tests wait on: <see cref="WhenAtLeastAsync"/> completes the moment the count reaches its mark, so a test
/// waits on a signal (with its own timeout) instead of polling the count.
/// </summary>
public sealed class CountSignal
{
    private readonly Lock _lock = new();
    private readonly List<(long Mark, TaskCompletionSource Reached)> _waiters = [];
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public void Increment()
    {
        long count = Interlocked.Increment(ref _count);
        lock (_lock)
        {
            for (int i = _waiters.Count - 1; i >= 0; i--)
            {
                if (count >= _waiters[i].Mark)
                {
                    _waiters[i].Reached.TrySetResult();
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    /// <summary>Completes once the count is at least <paramref name="mark"/>.</summary>
    public Task WhenAtLeastAsync(long mark)
    {
        lock (_lock)
        {
            if (Count >= mark)
                return Task.CompletedTask;
            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((mark, reached));
            return reached.Task;
        }
    }
}
