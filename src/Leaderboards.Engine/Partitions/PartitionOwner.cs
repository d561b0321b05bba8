using System.Threading.Channels;
using Leaderboards.Engine.Partitions.Internal;

namespace Leaderboards.Engine.Partitions;

/// <summary>
/// The single writer of one partition (reads on it are strong reads of the writer's state): commands queue in a mailbox and one loop applies them in batches,
/// numbering every change. A batch's changes reach every sink before any of its writes is acknowledged.
/// </summary>
internal sealed partial class PartitionOwner : StateReader, IPartition
{
    private const int MaxWorkPerBatch = 512;

    private readonly Channel<Work> _mailbox = Channel.CreateUnbounded<Work>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });
    private readonly BoardOptions _options;
    private readonly TimeProvider _time;
    private readonly PartitionState _state;
    private readonly ScoreApplier _applier;
    private readonly Task _loop;
    private IChangeSink[] _sinks = [];
    private PartitionReplica[] _replicas = [];
    private long _sequence;
    private int _nextReader;

    public PartitionOwner(int index, BoardOptions options, TimeProvider time)
        : base(new PartitionState(options.Order))
    {
        Index = index;
        _options = options;
        _time = time;
        _state = State;
        _applier = new ScoreApplier(options, _state);
        _loop = Task.Run(RunAsync);
    }

    public int Index { get; }

    public ValueTask<IReadOnlyList<SubmitOutcome>> SubmitAsync(SubmitCommand command, CancellationToken cancellationToken = default) =>
        Enqueue(new SubmitWork(command), cancellationToken);

    public ValueTask<bool> RemoveAsync(string playerId, CancellationToken cancellationToken = default) =>
        Enqueue(new RemoveWork(playerId), cancellationToken);

    public async ValueTask ClearAsync(CancellationToken cancellationToken = default) =>
        await Enqueue(new ClearWork(), cancellationToken).ConfigureAwait(false);

    public IPartitionReader ReaderFor(ReadConsistency consistency)
    {
        var replicas = Volatile.Read(ref _replicas);
        if (consistency == ReadConsistency.Strong || replicas.Length == 0)
            return this;
        return replicas[(int)((uint)Interlocked.Increment(ref _nextReader) % (uint)replicas.Length)];
    }

    public async ValueTask SetReplicaCountAsync(int count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, BoardOptions.MaxReplicas);
        var removed = await Enqueue(new ControlWork(() => ResizeReplicas(count)), cancellationToken).ConfigureAwait(false);
        foreach (var replica in removed)
            await replica.DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask AddSinkAsync(IChangeSink sink, CancellationToken cancellationToken = default) =>
        await Enqueue(new ControlWork(() =>
        {
            _sinks = [.. _sinks, sink];
            return [];
        }), cancellationToken).ConfigureAwait(false);

    public async ValueTask LoadAsync(IReadOnlyList<ScoreChange> changes, long sequence, CancellationToken cancellationToken = default) =>
        await Enqueue(new ControlWork(() =>
        {
            using (_state.Write())
            {
                foreach (var change in changes)
                    _state.ApplyUnlocked(change);
            }

            long last = changes.Count > 0 ? Math.Max(sequence, changes[^1].Sequence) : sequence;
            if (last > _sequence)
            {
                _sequence = last;
                _state.MarkApplied(last, _time.GetUtcNow().ToUnixTimeMilliseconds());
            }

            return [];
        }), cancellationToken).ConfigureAwait(false);

    public PartitionStatus GetStatus()
    {
        long sequence = _state.AppliedSequence;
        var replicas = Volatile.Read(ref _replicas);
        var statuses = new ReplicaStatus[replicas.Length];
        for (int i = 0; i < replicas.Length; i++)
            statuses[i] = replicas[i].GetStatus(sequence);
        return new PartitionStatus(Index, _state.Count(), sequence, statuses);
    }

    /// <summary>Completes when replica <paramref name="replica"/> (0-based) has applied everything the owner has.</summary>
    public Task WaitForReplicaAsync(int replica, CancellationToken cancellationToken = default) =>
        Volatile.Read(ref _replicas)[replica].WaitForSequenceAsync(_state.AppliedSequence, cancellationToken);

    internal IReadOnlyList<IPartitionReader> Replicas => Volatile.Read(ref _replicas);

    public async ValueTask DisposeAsync()
    {
        _mailbox.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        foreach (var replica in _replicas)
            await replica.DisposeAsync().ConfigureAwait(false);
        _replicas = [];
        _state.Dispose();
    }

    private ValueTask<T> Enqueue<T>(Work<T> work, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_mailbox.Writer.TryWrite(work))
            throw new ObjectDisposedException(nameof(PartitionOwner), "The partition is shut down.");
        return new ValueTask<T>(work.Task);
    }

    private PartitionReplica[] ResizeReplicas(int count)
    {
        var current = _replicas;
        if (count == current.Length)
            return [];
        if (count < current.Length)
        {
            var removed = current[count..];
            _replicas = current[..count];
            _sinks = [.. _sinks.Where(s => !removed.Contains(s))];
            return removed;
        }

        var added = new List<PartitionReplica>();
        for (int i = current.Length; i < count; i++)
        {
            var replica = new PartitionReplica(i, _options.Order, _time);
            replica.Seed(_state);
            added.Add(replica);
        }

        _sinks = [.. _sinks, .. added];
        Volatile.Write(ref _replicas, [.. current, .. added]);
        return [];
    }

    private async Task RunAsync()
    {
        var reader = _mailbox.Reader;
        var batch = new List<Work>(MaxWorkPerBatch);
        var changes = new List<ScoreChange>();
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < MaxWorkPerBatch && reader.TryRead(out var work))
            {
                if (work is IControlWork control)
                {
                    // Control work runs between batches, when no write is half-way.
                    await FlushAsync(batch, changes).ConfigureAwait(false);
                    control.Run(this);
                    continue;
                }

                batch.Add(work);
            }

            await FlushAsync(batch, changes).ConfigureAwait(false);
        }
    }

    private async Task FlushAsync(List<Work> batch, List<ScoreChange> changes)
    {
        if (batch.Count == 0)
            return;
        using (_state.Write())
        {
            foreach (var work in batch)
                work.Apply(this, changes);
        }

        if (changes.Count > 0)
        {
            long commitTime = _time.GetUtcNow().ToUnixTimeMilliseconds();
            var changeBatch = new ChangeBatch(Index, commitTime, changes.ToArray());
            _state.MarkApplied(_sequence, commitTime);
            try
            {
                foreach (var sink in _sinks)
                    await sink.PublishAsync(changeBatch, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                foreach (var work in batch)
                    work.Fail(ex);
                batch.Clear();
                changes.Clear();
                return;
            }
        }

        foreach (var work in batch)
            work.Complete();
        batch.Clear();
        changes.Clear();
    }
}
