namespace Leaderboards.Engine.Partitions;

// The mailbox's messages: each applies under the write lock, then completes once its batch is published.
internal sealed partial class PartitionOwner
{
    private abstract class Work
    {
        public abstract void Apply(PartitionOwner owner, List<ScoreChange> changes);

        public abstract void Complete();

        public abstract void Fail(Exception error);
    }

    private abstract class Work<T> : Work
    {
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;
        private Exception? _error;

        public Task<T> Task => _completion.Task;

        public sealed override void Apply(PartitionOwner owner, List<ScoreChange> changes)
        {
            try
            {
                _result = Run(owner, changes);
            }
            catch (Exception ex)
            {
                _error = ex;
            }
        }

        protected abstract T Run(PartitionOwner owner, List<ScoreChange> changes);

        public sealed override void Complete()
        {
            if (_error is not null)
                _completion.TrySetException(_error);
            else
                _completion.TrySetResult(_result!);
        }

        public sealed override void Fail(Exception error) => _completion.TrySetException(error);

        public void RunNow(PartitionOwner owner)
        {
            Apply(owner, []);
            Complete();
        }
    }

    private interface IControlWork
    {
        void Run(PartitionOwner owner);
    }

    private sealed class SubmitWork(SubmitCommand command) : Work<IReadOnlyList<SubmitOutcome>>
    {
        protected override IReadOnlyList<SubmitOutcome> Run(PartitionOwner owner, List<ScoreChange> changes)
        {
            var outcomes = new SubmitOutcome[command.Entries.Count];
            for (int i = 0; i < outcomes.Length; i++)
            {
                outcomes[i] = owner._applier.Apply(command.Entries[i], command.Time, out var change, owner._sequence + 1);
                if (change is not null)
                {
                    owner._sequence++;
                    changes.Add(change);
                }
            }

            return outcomes;
        }
    }

    private sealed class RemoveWork(string playerId) : Work<bool>
    {
        protected override bool Run(PartitionOwner owner, List<ScoreChange> changes)
        {
            if (!owner._state.ContainsUnlocked(playerId))
                return false;
            var change = new ScoreChange(owner._sequence + 1, ChangeKind.Remove, playerId, 0, 0, 0, null);
            owner._state.ApplyUnlocked(change);
            owner._sequence++;
            changes.Add(change);
            return true;
        }
    }

    private sealed class ClearWork : Work<bool>
    {
        protected override bool Run(PartitionOwner owner, List<ScoreChange> changes)
        {
            var change = new ScoreChange(++owner._sequence, ChangeKind.Clear, string.Empty, 0, 0, 0, null);
            owner._state.ApplyUnlocked(change);
            changes.Add(change);
            return true;
        }
    }

    private sealed class ControlWork(Func<PartitionReplica[]> action) : Work<PartitionReplica[]>, IControlWork
    {
        protected override PartitionReplica[] Run(PartitionOwner owner, List<ScoreChange> changes) => action();

        void IControlWork.Run(PartitionOwner owner) => RunNow(owner);
    }
}
