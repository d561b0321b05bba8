using System.Threading.Channels;
using Leaderboards.Engine.Partitions.Internal;

namespace Leaderboards.Engine.Partitions;

/// <summary>
/// A read replica: its own copy of a partition, following the owner's change stream asynchronously
/// on its own apply loop. Readers see whole batches only.
/// </summary>
internal sealed class PartitionReplica : StateReader, IChangeSink, IAsyncDisposable
{
    private readonly Channel<ChangeBatch> _inbox = Channel.CreateUnbounded<ChangeBatch>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly TimeProvider _time;
    private readonly Task _loop;
    // Owner commit time (Unix ms) of the oldest batch received but not applied; 0 when caught up.
    private long _pendingSince;

    internal PartitionReplica(int number, SortOrder order, TimeProvider time)
        : base(new PartitionState(order))
    {
        Number = number;
        _time = time;
        _loop = Task.Run(RunAsync);
    }

    public int Number { get; }

    ValueTask IChangeSink.PublishAsync(ChangeBatch batch, CancellationToken cancellationToken)
    {
        Interlocked.CompareExchange(ref _pendingSince, batch.CommitTime, 0);
        _inbox.Writer.TryWrite(batch);
        return default;
    }

    public ReplicaStatus GetStatus(long ownerSequence)
    {
        long pending = Interlocked.Read(ref _pendingSince);
        long applied = AppliedSequence;
        var lag = pending == 0 || applied >= ownerSequence
            ? TimeSpan.Zero
            : TimeSpan.FromMilliseconds(Math.Max(0, _time.GetUtcNow().ToUnixTimeMilliseconds() - pending));
        return new ReplicaStatus(Number, applied, Math.Max(0, ownerSequence - applied), lag);
    }

    /// <summary>Starts from a copy of the owner's entries; called on the owner's loop, so the owner is quiet.</summary>
    internal void Seed(PartitionState owner)
    {
        using (State.Write())
        {
            // The owner's entries come in rank order: staged and built at once, not inserted one by one.
            State.StageCopyOfUnlocked(owner);
            State.FinishLoadUnlocked();
        }

        State.MarkApplied(owner.AppliedSequence, owner.AppliedCommitTime);
    }

    private async Task RunAsync()
    {
        var reader = _inbox.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var batch))
            {
                if (batch.LastSequence <= State.AppliedSequence)
                    continue;
                using (State.Write())
                {
                    foreach (var change in batch.Changes)
                    {
                        if (change.Sequence > State.AppliedSequence)
                            State.ApplyUnlocked(change);
                    }
                }

                State.MarkApplied(batch.LastSequence, batch.CommitTime);
                UpdatePending(reader);
            }
        }
    }

    private void UpdatePending(ChannelReader<ChangeBatch> reader)
    {
        if (reader.TryPeek(out var next))
        {
            Interlocked.Exchange(ref _pendingSince, next.CommitTime);
            return;
        }

        Interlocked.Exchange(ref _pendingSince, 0);
        // A batch may have arrived between the peek and the reset.
        if (reader.TryPeek(out next))
            Interlocked.CompareExchange(ref _pendingSince, next.CommitTime, 0);
    }

    public async ValueTask DisposeAsync()
    {
        _inbox.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        State.Dispose();
    }
}
