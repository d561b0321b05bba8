namespace Leaderboards.Engine.Partitions.Internal;

/// <summary>
/// A message in a partition owner's mailbox: it plans its changes into a round (without changing the state), then
/// answers once the round is applied and published, or fails with the log's error when the log refuses the round.
/// </summary>
internal abstract class PartitionWork
{
    public abstract Task Completion { get; }

    /// <summary>The error planning hit, if any; such a work changes nothing and fails.</summary>
    public abstract Exception? Error { get; }

    /// <summary>False when the work touches a player the round already touches, or the round is closed.</summary>
    public abstract bool Fits(ApplyRound round);

    public abstract void Plan(ScoreApplier applier, ApplyRound round);

    /// <summary>Works out the answer once the round is applied.</summary>
    public abstract void Commit(ScoreApplier applier, ApplyRound round);

    public abstract void Complete();

    public abstract void Fail(Exception error);
}

/// <summary>A partition message that answers a <typeparamref name="T"/>.</summary>
internal abstract class PartitionWork<T> : PartitionWork
{
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? _result;
    private Exception? _error;

    public Task<T> Task => _completion.Task;

    public sealed override Task Completion => _completion.Task;

    public sealed override Exception? Error => _error;

    public sealed override void Plan(ScoreApplier applier, ApplyRound round)
    {
        int changes = round.ChangeCount;
        int plans = round.PlanCount;
        try
        {
            PlanCore(applier, round);
        }
        catch (Exception ex)
        {
            // All or nothing for the work: what it planned before failing is dropped.
            round.Truncate(changes, plans);
            _error = ex;
        }
    }

    public sealed override void Commit(ScoreApplier applier, ApplyRound round)
    {
        if (_error is not null)
            return;
        try
        {
            _result = Finish(applier, round);
        }
        catch (Exception ex)
        {
            _error = ex;
        }
    }

    protected abstract void PlanCore(ScoreApplier applier, ApplyRound round);

    protected abstract T Finish(ScoreApplier applier, ApplyRound round);

    public sealed override void Complete()
    {
        if (_error is not null)
            _completion.TrySetException(_error);
        else
            _completion.TrySetResult(_result!);
    }

    public sealed override void Fail(Exception error) => _completion.TrySetException(error);

    protected void RunNow(Func<T> action)
    {
        try
        {
            _result = action();
        }
        catch (Exception ex)
        {
            _error = ex;
        }

        Complete();
    }
}
