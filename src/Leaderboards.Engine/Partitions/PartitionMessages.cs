namespace Leaderboards.Engine.Partitions;

/// <summary>
/// A key in a board's order, in raw (not normalised) scores. <see cref="Lowest"/> makes a key that sorts
/// ahead of every entry with the same score and subscore, for competition ranks and score ranges.
/// </summary>
public readonly record struct RankKey(long Score, long Subscore, long Time, string PlayerId)
{
    public static RankKey Lowest(long score, long subscore) => new(score, subscore, long.MinValue, string.Empty);
}

/// <summary>An entry as a partition stores it. <see cref="Time"/> is when it reached its value (Unix ms).</summary>
public sealed record PartitionEntry(string PlayerId, long Score, long Subscore, long Time, byte[]? Metadata)
{
    public RankKey Key => new(Score, Subscore, Time, PlayerId);
}

/// <summary>A player's entry and its 0-based rank inside one partition.</summary>
public sealed record PartitionLookup(PartitionEntry Entry, long LocalRank);

/// <summary>
/// Validated submissions for one partition, applied in order and all together.
/// <see cref="Time"/> is the board clock at acceptance (Unix ms), the same for the whole command.
/// </summary>
public sealed record SubmitCommand(IReadOnlyList<ScoreSubmission> Entries, long Time);

/// <summary>
/// What one submission did inside its partition. <see cref="PreviousAheadOfValue"/> counts, before the change,
/// the partition's entries with a strictly better score and subscore than the previous entry (competition ranks).
/// </summary>
public sealed record SubmitOutcome(
    PartitionEntry Entry,
    long LocalRank,
    PartitionLookup? Previous,
    long PreviousAheadOfValue,
    bool Improved,
    bool Changed);

/// <summary>How far a replica trails its owner.</summary>
public sealed record ReplicaStatus(int Replica, long AppliedSequence, long LagOperations, TimeSpan LagTime);

/// <summary>A partition's size, position in its change stream, and its replicas' lag.</summary>
public sealed record PartitionStatus(int Partition, long Entries, long Sequence, IReadOnlyList<ReplicaStatus> Replicas);
