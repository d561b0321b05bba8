namespace Leaderboards.Engine.Partitions.Internal;

/// <summary>Reads over a <see cref="PartitionState"/>, shared by owners and replicas. In process every read completes synchronously.</summary>
internal abstract class StateReader : IPartitionReader
{
    protected StateReader(PartitionState state)
    {
        State = state;
    }

    internal PartitionState State { get; }

    public long AppliedSequence => State.AppliedSequence;

    public ValueTask<long> CountAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(State.Count());

    public ValueTask<PartitionLookup?> GetAsync(string playerId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(State.Get(playerId));

    public ValueTask<long> CountAheadAsync(RankKey key, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(State.CountAhead(key));

    public ValueTask<long> CountInRangeAsync(long? min, long? max, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(State.CountInRange(min, max));

    public ValueTask<IReadOnlyList<PartitionEntry>> RangeAsync(long fromRank, int count, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(State.Range(fromRank, count));

    public ValueTask<IReadOnlyList<PartitionEntry>> RangeAfterAsync(RankKey after, int count, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(State.RangeAfter(after, count));

    /// <summary>Completes when this copy includes <paramref name="sequence"/>.</summary>
    public Task WaitForSequenceAsync(long sequence, CancellationToken cancellationToken = default) =>
        State.WaitForSequenceAsync(sequence, cancellationToken);
}
