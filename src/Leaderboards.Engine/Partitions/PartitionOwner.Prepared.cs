using Leaderboards.Engine.Partitions.Internal;

namespace Leaderboards.Engine.Partitions;

// Shares of writes that span partitions or boards: the board logs every share in one append, then tells each
// partition to apply its share or to drop it.
internal sealed partial class PartitionOwner
{
    /// <summary>A share of a board-wide write that submits <paramref name="command"/> here; not queued until <see cref="PreparedPart.TryEnqueue"/>.</summary>
    internal PreparedPart PrepareSubmit(SubmitCommand command, out Task<IReadOnlyList<SubmitOutcome>> outcomes)
    {
        var work = new SubmitWork(command);
        outcomes = work.Task;
        return new PreparedPart(this, work);
    }

    /// <summary>A share of a board-wide write that clears this partition; not queued until <see cref="PreparedPart.TryEnqueue"/>.</summary>
    internal PreparedPart PrepareClear() => new(this, new ClearWork());

    /// <summary>
    /// One partition's share of a write logged as a whole, wrapping the work that does it. When the partition reaches
    /// it in its mailbox it plans the share as a round of its own (<see cref="Prepared"/>), then waits, without taking
    /// other work, until <see cref="Decide"/> says whether the log accepted the whole write: it then applies the share,
    /// or drops it and fails it with the log's error. Whoever queues a share must decide it, whatever happens, or the
    /// partition stops.
    /// </summary>
    internal sealed class PreparedPart : Work
    {
        private readonly PartitionOwner _owner;
        private readonly Work _work;
        private readonly TaskCompletionSource<ChangeBatch?> _prepared = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource<Exception?> _decision = new(TaskCreationOptions.RunContinuationsAsynchronously);

        internal PreparedPart(PartitionOwner owner, Work work)
        {
            _owner = owner;
            _work = work;
        }

        /// <summary>The share's changes (null when it changes nothing), numbered after the partition's applied sequence.</summary>
        public Task<ChangeBatch?> Prepared => _prepared.Task;

        /// <summary>Completes when the share is applied and published, or fails with the refusal.</summary>
        public override Task Completion => _work.Completion;

        public override Exception? Error => _work.Error;

        /// <summary>Queues the share in its partition's mailbox; false when the partition is shut down.</summary>
        public bool TryEnqueue() => _owner._mailbox.Writer.TryWrite(this);

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

        public override void Plan(PartitionOwner owner, ApplyRound round) => _work.Plan(owner, round);

        public override void Commit(PartitionOwner owner, ApplyRound round) => _work.Commit(owner, round);

        public override void Complete() => _work.Complete();

        public override void Fail(Exception error) => _work.Fail(error);
    }
}
