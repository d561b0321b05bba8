namespace Leaderboards.Service.Catalog.Internal;

/// <summary>
/// Counts the requests using a board so that a delete or a reconfiguration can wait for them to finish. Entering is one
/// compare-and-swap; once closed, no request enters again.
/// </summary>
internal sealed class BoardGate
{
    private const int Closed = int.MinValue;
    private int _state;
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool TryEnter()
    {
        while (true)
        {
            int state = Volatile.Read(ref _state);
            if (state < 0)
                return false;
            if (Interlocked.CompareExchange(ref _state, state + 1, state) == state)
                return true;
        }
    }

    public void Exit()
    {
        if (Interlocked.Decrement(ref _state) == Closed)
            _drained.TrySetResult();
    }

    /// <summary>Stops new requests and completes when the ones inside have left.</summary>
    public Task CloseAsync()
    {
        while (true)
        {
            int state = Volatile.Read(ref _state);
            if (state < 0)
                return _drained.Task;
            if (Interlocked.CompareExchange(ref _state, state | Closed, state) == state)
            {
                if (state == 0)
                    _drained.TrySetResult();
                return _drained.Task;
            }
        }
    }
}
