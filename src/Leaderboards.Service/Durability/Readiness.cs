using Leaderboards.Service.Errors;

namespace Leaderboards.Service.Durability;

/// <summary>
/// Whether the service can answer: not until recovery has loaded every acknowledged change, and not while a restore swaps
/// the state. Meanwhile requests are refused with <see cref="NotReadyException"/>.
/// </summary>
public sealed class Readiness
{
    private readonly TaskCompletionSource _recovered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _restoring;

    public bool IsReady => _recovered.Task.IsCompletedSuccessfully && Volatile.Read(ref _restoring) == 0;

    public string State => _recovered.Task.Status switch
    {
        TaskStatus.RanToCompletion => Volatile.Read(ref _restoring) == 0 ? "ready" : "restoring",
        TaskStatus.Faulted => "failed",
        _ => "recovering",
    };

    /// <summary>Completes when recovery is done; faults when it failed.</summary>
    public Task Recovered => _recovered.Task;

    public void SetRecovered() => _recovered.TrySetResult();

    public void SetFailed(Exception error) => _recovered.TrySetException(error);

    public void BeginRestore() => Interlocked.Increment(ref _restoring);

    public void EndRestore() => Interlocked.Decrement(ref _restoring);

    /// <summary>Refuses with <see cref="NotReadyException"/> until the service is ready.</summary>
    public void ThrowIfNotReady()
    {
        if (!IsReady)
            throw new NotReadyException(State);
    }
}
