using Leaderboards.Engine.Partitions.Internal;

namespace Leaderboards.Engine.Partitions;

// The mailbox's messages: each plans its changes into a round, answers once the round is applied and published,
// or fails with the log's error when the log refuses the round.
internal sealed partial class PartitionOwner
{
    internal abstract class Work
    {
        public abstract Task Completion { get; }

        /// <summary>The error planning hit, if any; such a work changes nothing and fails.</summary>
        public abstract Exception? Error { get; }

        /// <summary>False when the work touches a player the round already touches, or the round is closed.</summary>
        public abstract bool Fits(ApplyRound round);

        public abstract void Plan(PartitionOwner owner, ApplyRound round);

        /// <summary>Works out the answer once the round is applied.</summary>
        public abstract void Commit(PartitionOwner owner, ApplyRound round);

        public abstract void Complete();

        public abstract void Fail(Exception error);
    }

    private abstract class Work<T> : Work
    {
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;
        private Exception? _error;

        public Task<T> Task => _completion.Task;

        public sealed override Task Completion => _completion.Task;

        public sealed override Exception? Error => _error;

        public sealed override void Plan(PartitionOwner owner, ApplyRound round)
        {
            int changes = round.ChangeCount;
            int plans = round.PlanCount;
            try
            {
                PlanCore(owner, round);
            }
            catch (Exception ex)
            {
                // All or nothing for the work: what it planned before failing is dropped.
                round.Truncate(changes, plans);
                _error = ex;
            }
        }

        public sealed override void Commit(PartitionOwner owner, ApplyRound round)
        {
            if (_error is not null)
                return;
            try
            {
                _result = Finish(owner, round);
            }
            catch (Exception ex)
            {
                _error = ex;
            }
        }

        protected abstract void PlanCore(PartitionOwner owner, ApplyRound round);

        protected abstract T Finish(PartitionOwner owner, ApplyRound round);

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

    private interface IControlWork
    {
        void Run();
    }

    private sealed class SubmitWork(SubmitCommand command) : Work<IReadOnlyList<SubmitOutcome>>
    {
        // The plans live in the round (reused from round to round), so a work item allocates none.
        private int _firstPlan;

        public override bool Fits(ApplyRound round)
        {
            if (round.Closed)
                return false;
            if (round.IsEmpty)
                return true;
            var entries = command.Entries;
            for (int i = 0; i < entries.Count; i++)
            {
                if (round.Touches(entries[i].PlayerId))
                    return false;
            }

            return true;
        }

        protected override void PlanCore(PartitionOwner owner, ApplyRound round)
        {
            var entries = command.Entries;
            _firstPlan = round.PlanCount;
            if (entries.Count > 1)
                round.Reserve(entries.Count);
            for (int i = 0; i < entries.Count; i++)
                round.AddPlan(owner._applier.Plan(entries[i], command.Time, round));
        }

        protected override IReadOnlyList<SubmitOutcome> Finish(PartitionOwner owner, ApplyRound round)
        {
            int count = command.Entries.Count;
            if (count == 1)
                return [owner._applier.Outcome(round.PlanAt(_firstPlan), round)];
            var outcomes = new SubmitOutcome[count];
            for (int i = 0; i < outcomes.Length; i++)
                outcomes[i] = owner._applier.Outcome(round.PlanAt(_firstPlan + i), round);
            return outcomes;
        }
    }

    private sealed class RemoveWork(string playerId) : Work<bool>
    {
        private bool _removed;

        public override bool Fits(ApplyRound round) => !round.Closed && (round.IsEmpty || !round.Touches(playerId));

        protected override void PlanCore(PartitionOwner owner, ApplyRound round)
        {
            int slot = owner._state.SlotOfUnlocked(playerId);
            if (slot < 0)
                return;
            int change = round.Add(new ScoreChange(round.NextSequence, ChangeKind.Remove, playerId, 0, 0, 0, null), slot);
            round.Remember(playerId, new ApplyRound.Pending(null, slot, change));
            _removed = true;
        }

        protected override bool Finish(PartitionOwner owner, ApplyRound round) => _removed;
    }

    private sealed class ClearWork : Work<bool>
    {
        // A clear changes every entry: it is a round of its own, so no other work's answer is read after it.
        public override bool Fits(ApplyRound round) => round.IsEmpty;

        protected override void PlanCore(PartitionOwner owner, ApplyRound round)
        {
            round.Add(new ScoreChange(round.NextSequence, ChangeKind.Clear, string.Empty, 0, 0, 0, null), -1);
            round.Close();
        }

        protected override bool Finish(PartitionOwner owner, ApplyRound round) => true;
    }

    /// <summary>Runs between rounds, when nothing is planned and not applied.</summary>
    private sealed class ControlWork(Func<PartitionReplica[]> action) : Work<PartitionReplica[]>, IControlWork
    {
        public override bool Fits(ApplyRound round) => false;

        protected override void PlanCore(PartitionOwner owner, ApplyRound round) =>
            throw new InvalidOperationException("Control work does not join a round.");

        protected override PartitionReplica[] Finish(PartitionOwner owner, ApplyRound round) =>
            throw new InvalidOperationException("Control work does not join a round.");

        void IControlWork.Run() => RunNow(action);
    }
}
