using Leaderboards.Engine.Boards;

namespace Leaderboards.Engine.Tests.Support;

/// <summary>A log whose appends wait until <see cref="Release"/>; <see cref="Entered"/> completes when the first one arrives.</summary>
public sealed class BlockingChangeLog : IChangeLog
{
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _appends;

    public Task Entered => _entered.Task;

    public int Appends => Volatile.Read(ref _appends);

    public void Release() => _release.TrySetResult();

    public async ValueTask AppendAsync(IReadOnlyList<LoggedBatch> batches, CancellationToken cancellationToken)
    {
        _entered.TrySetResult();
        await _release.Task.WaitAsync(cancellationToken);
        Interlocked.Increment(ref _appends);
    }
}
