namespace Leaderboards.Engine.Partitions;

/// <summary>
/// Reads of one partition's state: the owner's or a replica's. Every call sees one consistent state;
/// ranks are 0-based and local to the partition.
/// </summary>
public interface IPartitionReader
{
    /// <summary>The last change sequence this state includes.</summary>
    long AppliedSequence { get; }

    ValueTask<long> CountAsync(CancellationToken cancellationToken = default);

    ValueTask<PartitionLookup?> GetAsync(string playerId, CancellationToken cancellationToken = default);

    /// <summary>How many entries rank strictly ahead of <paramref name="key"/>.</summary>
    ValueTask<long> CountAheadAsync(RankKey key, CancellationToken cancellationToken = default);

    /// <summary>How many entries have a score in [min, max]; a null bound is open.</summary>
    ValueTask<long> CountInRangeAsync(long? min, long? max, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="count"/> entries from local rank <paramref name="fromRank"/> on.</summary>
    ValueTask<IReadOnlyList<PartitionEntry>> RangeAsync(long fromRank, int count, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="count"/> entries ranked strictly behind <paramref name="after"/>.</summary>
    ValueTask<IReadOnlyList<PartitionEntry>> RangeAfterAsync(RankKey after, int count, CancellationToken cancellationToken = default);
}

/// <summary>
/// A partition owner: the single writer of a share of a board's players. Messages are immutable so that a
/// partition can live elsewhere without the board changing. Reads on the owner itself are strong.
/// </summary>
public interface IPartition : IPartitionReader, IAsyncDisposable
{
    int Index { get; }

    ValueTask<IReadOnlyList<SubmitOutcome>> SubmitAsync(SubmitCommand command, CancellationToken cancellationToken = default);

    /// <summary>Removes a player; false when absent.</summary>
    ValueTask<bool> RemoveAsync(string playerId, CancellationToken cancellationToken = default);

    ValueTask ClearAsync(CancellationToken cancellationToken = default);

    /// <summary>The owner for strong reads; a replica (round-robin) for eventual ones when there are any.</summary>
    IPartitionReader ReaderFor(ReadConsistency consistency);

    /// <summary>Adds or removes read replicas to reach <paramref name="count"/>; new ones start from the owner's state.</summary>
    ValueTask SetReplicaCountAsync(int count, CancellationToken cancellationToken = default);

    /// <summary>Adds a consumer of the change stream; it sees every change the log accepts after the current sequence.</summary>
    ValueTask AddSinkAsync(IChangeSink sink, CancellationToken cancellationToken = default);

    PartitionStatus GetStatus();

    /// <summary>
    /// Applies changes as they were recorded (a snapshot's entries or a log's batches), bypassing the update policy and
    /// the sinks, and continues numbering after the highest sequence seen. For recovery, before the partition takes writes.
    /// Loaded changes are staged and the index built once, in rank order, by the next read or write (or by the board's
    /// <c>FinishLoadAsync</c>): the result is that of applying them one by one. <see cref="EncodedChanges"/> are staged
    /// from their UTF-8 ids, without a string per change.
    /// </summary>
    ValueTask LoadAsync(IReadOnlyList<ScoreChange> changes, long sequence, CancellationToken cancellationToken = default);
}
