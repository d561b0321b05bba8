using System.Threading.Channels;

namespace Leaderboards.Engine.Partitions.Internal;

/// <summary>
/// One partition's share of a write logged as a whole, wrapping the work that does it. When the partition reaches
/// it in its mailbox it plans the share as a round of its own (<see cref="Prepared"/>), then waits, without taking
/// other work, until <see cref="Decide"/> says whether the log accepted the whole write: it then applies the share,
/// or drops it and fails it with the log's error. Whoever queues a share must decide it, whatever happens, or the
/// partition stops.
/// </summary>
internal sealed class PreparedPart : PartitionWork
{
    private readonly ChannelWriter<PartitionWork> _mailbox;
    private readonly PartitionWork _work;
    private readonly TaskCompletionSource<ChangeBatch?> _prepared = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<Exception?> _decision = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PreparedPart(ChannelWriter<PartitionWork> mailbox, PartitionWork work)
    {
        _mailbox = mailbox;
        _work = work;
    }

    /// <summary>The share's changes (null when it changes nothing), numbered after the partition's applied sequence.</summary>
    public Task<ChangeBatch?> Prepared => _prepared.Task;

    /// <summary>Completes when the share is applied and published, or fails with the refusal.</summary>
    public override Task Completion => _work.Completion;

    public override Exception? Error => _work.Error;

    /// <summary>Queues the share in its partition's mailbox; false when the partition is shut down.</summary>
    public bool TryEnqueue() => _mailbox.TryWrite(this);

    /// <summary>Null to apply the share, or the error to fail it with.</summary>
    public void Decide(Exception? refusal) => _decision.TrySetResult(refusal);

    /// <summary>On the partition's loop: reports the planned share and waits for the decision.</summary>
    internal Task<Exception?> PrepareAsync(ChangeBatch? batch)
    {
        if (_work.Error is { } error)
            _prepared.TrySetException(error);
        else
            _prepared.TrySetResult(batch);
        return _decision.Task;
    }

    public override bool Fits(ApplyRound round) => round.IsEmpty;

    public override void Plan(ScoreApplier applier, ApplyRound round) => _work.Plan(applier, round);

    public override void Commit(ScoreApplier applier, ApplyRound round) => _work.Commit(applier, round);

    public override void Complete() => _work.Complete();

    public override void Fail(Exception error) => _work.Fail(error);
}
