using System.Threading.Channels;
using Leaderboards.Engine.Partitions.Internal;

namespace Leaderboards.Engine.Partitions;

/// <summary>
/// The single writer of one partition (reads on it are strong reads of the writer's state): commands queue in a mailbox
/// and one loop takes them in rounds. A round's changes are computed against the applied state without changing it,
/// handed to the log, and applied (numbered, visible to reads, replicas and sinks) only once the log accepted them;
/// a refused round leaves no trace and fails every write in it. A round's changes reach every sink before any of its
/// writes is acknowledged.
/// </summary>
internal sealed class PartitionOwner : StateReader, IPartition
{
    private const int MaxWorkPerBatch = 512;

    private readonly Channel<PartitionWork> _mailbox = Channel.CreateUnbounded<PartitionWork>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });
    private readonly BoardOptions _options;
    private readonly TimeProvider _time;
    private readonly PartitionState _state;
    private readonly ScoreApplier _applier;
    private readonly ApplyRound _round = new();
    private readonly List<PartitionWork> _works = new(MaxWorkPerBatch);
    private readonly Task _loop;
    private Func<ChangeBatch, ValueTask>? _log;
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

    public IPartitionReader ReaderFor(ReadConsistency consistency) => CopyFor(consistency);

    /// <summary>The copy a read of <paramref name="consistency"/> uses: this owner, or a replica taken round-robin.</summary>
    internal StateReader CopyFor(ReadConsistency consistency)
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

    /// <summary>
    /// From the next round on, hands every round to <paramref name="append"/> before applying it; a round it throws for
    /// is dropped. Shares of a board-wide write are logged by the board instead (see <see cref="PreparedPart"/>).
    /// </summary>
    internal async ValueTask AttachLogAsync(Func<ChangeBatch, ValueTask> append, CancellationToken cancellationToken = default) =>
        await Enqueue(new ControlWork(() =>
        {
            _log = append;
            return [];
        }), cancellationToken).ConfigureAwait(false);

    public async ValueTask LoadAsync(IReadOnlyList<ScoreChange> changes, long sequence, CancellationToken cancellationToken = default) =>
        await Enqueue(new ControlWork(() =>
        {
            using (_state.Write())
                _state.LoadUnlocked(changes);

            // An encoded list makes an object per element read: its last sequence is read as a number.
            long last = changes.Count == 0 ? sequence
                : Math.Max(sequence, changes is EncodedChanges encoded ? encoded.Sequence(encoded.Count - 1) : changes[^1].Sequence);
            if (last > _sequence)
            {
                _sequence = last;
                _state.MarkApplied(last, _time.GetUtcNow().ToUnixTimeMilliseconds());
            }

            return [];
        }, stages: true), cancellationToken).ConfigureAwait(false);

    /// <summary>Builds the index from what <see cref="LoadAsync"/> staged; any later work or read would build it too.</summary>
    internal async ValueTask FinishLoadAsync(CancellationToken cancellationToken = default) =>
        await Enqueue(new ControlWork(() => []), cancellationToken).ConfigureAwait(false);

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

    /// <summary>A share of a board-wide write that submits <paramref name="command"/> here; not queued until <see cref="PreparedPart.TryEnqueue"/>.</summary>
    internal PreparedPart PrepareSubmit(SubmitCommand command, out Task<IReadOnlyList<SubmitOutcome>> outcomes)
    {
        var work = new SubmitWork(command);
        outcomes = work.Task;
        return new PreparedPart(_mailbox.Writer, work);
    }

    /// <summary>A share of a board-wide write that clears this partition; not queued until <see cref="PreparedPart.TryEnqueue"/>.</summary>
    internal PreparedPart PrepareClear() => new(_mailbox.Writer, new ClearWork());

    public async ValueTask DisposeAsync()
    {
        _mailbox.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        foreach (var replica in _replicas)
            await replica.DisposeAsync().ConfigureAwait(false);
        _replicas = [];
        _state.Dispose();
    }

    private ValueTask<T> Enqueue<T>(PartitionWork<T> work, CancellationToken cancellationToken)
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
        // The work that did not fit the previous round: it opens the next one.
        PartitionWork? next = null;
        while (next is not null || await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (_round.WorkCount < MaxWorkPerBatch && (next is not null || reader.TryRead(out next)))
            {
                var work = next;
                next = null;
                if (work is not ControlWork { Stages: true })
                    _state.FinishLoad();
                if (work is ControlWork control)
                {
                    // Control work runs between rounds, when nothing is planned and not applied.
                    await FlushAsync(null).ConfigureAwait(false);
                    control.Run();
                    _round.Reset(_sequence);
                    continue;
                }

                if (work is PreparedPart part)
                {
                    // A share of a board-wide write is a round of its own, logged by the board with the other shares.
                    await FlushAsync(null).ConfigureAwait(false);
                    Plan(work);
                    await FlushAsync(part).ConfigureAwait(false);
                    continue;
                }

                if (!work.Fits(_round))
                {
                    next = work;
                    break;
                }

                Plan(work);
            }

            await FlushAsync(null).ConfigureAwait(false);
        }
    }

    private void Plan(PartitionWork work)
    {
        // Planning reads the index without the lock: this loop is the only thread that changes it.
        work.Plan(_applier, _round);
        _works.Add(work);
        _round.WorkCount++;
    }

    /// <summary>
    /// Logs the round (itself, or through the board when <paramref name="part"/> is a share of a board-wide write),
    /// then applies it, publishes it and answers its writes; or, when the log refuses, fails them and changes nothing.
    /// </summary>
    private async Task FlushAsync(PreparedPart? part)
    {
        var works = _works;
        if (works.Count == 0)
            return;
        try
        {
            var changes = _round.Changes;
            var batch = changes.Count == 0 ? null : new ChangeBatch(Index, _time.GetUtcNow().ToUnixTimeMilliseconds(), changes.ToArray());
            Exception? refusal = null;
            if (part is not null)
            {
                refusal = await part.PrepareAsync(batch).ConfigureAwait(false);
            }
            else if (batch is not null && _log is { } log)
            {
                try
                {
                    await log(batch).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    refusal = ex;
                }
            }

            if (refusal is not null)
            {
                foreach (var work in works)
                    work.Fail(refusal);
                return;
            }

            if (batch is not null)
            {
                using (_state.Write())
                    _round.ApplyUnlocked(_state);
                _sequence = batch.LastSequence;
                _state.MarkApplied(_sequence, batch.CommitTime);
            }

            // Answers read the index without the lock: this loop is the only thread that changes it.
            foreach (var work in works)
                work.Commit(_applier, _round);

            var sinkError = batch is null ? null : await PublishAsync(batch).ConfigureAwait(false);
            foreach (var work in works)
            {
                if (sinkError is not null)
                    work.Fail(sinkError);
                else
                    work.Complete();
            }
        }
        finally
        {
            works.Clear();
            _round.Reset(_sequence);
        }
    }

    /// <summary>
    /// Hands an applied batch to every sink, even when one throws (a failing live feed must not starve the replicas).
    /// The changes stay applied either way: the log has them. Returns the first error.
    /// </summary>
    private async ValueTask<Exception?> PublishAsync(ChangeBatch batch)
    {
        Exception? error = null;
        foreach (var sink in _sinks)
        {
            try
            {
                await sink.PublishAsync(batch, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                error ??= ex;
            }
        }

        return error;
    }
}
