namespace Leaderboards.Engine.Partitions;

/// <summary>What a change does. Persisted in the log: values are EXPLICIT and APPEND-ONLY.</summary>
public enum ChangeKind : byte
{
    /// <summary>The player's entry now has exactly these values (added or replaced).</summary>
    Upsert = 1,

    /// <summary>The player's entry is gone.</summary>
    Remove = 2,

    /// <summary>Every entry of the partition is gone.</summary>
    Clear = 3,
}

/// <summary>
/// One change in a partition's ordered stream. It carries the entry's resulting state, not the
/// submitted value, so applying it again or on a replica gives the same entry whatever the policy.
/// </summary>
public sealed record ScoreChange(
    long Sequence,
    ChangeKind Kind,
    string PlayerId,
    long Score,
    long Subscore,
    long Time,
    byte[]? Metadata);

/// <summary>
/// The changes one apply round of a partition makes, in sequence order with no gaps.
/// <see cref="CommitTime"/> is the owner's clock (Unix milliseconds) when the round was computed, just before it was logged.
/// </summary>
public sealed record ChangeBatch(int Partition, long CommitTime, IReadOnlyList<ScoreChange> Changes)
{
    public long FirstSequence => Changes[0].Sequence;

    public long LastSequence => Changes[^1].Sequence;
}

/// <summary>
/// Receives a partition's change stream in order: only changes the board's log (<see cref="Boards.IChangeLog"/>)
/// accepted, once they are applied. The owner awaits every sink before it acknowledges the writes in a batch; a sink
/// that throws fails that acknowledgement but undoes nothing, since the log already holds the changes.
/// </summary>
public interface IChangeSink
{
    ValueTask PublishAsync(ChangeBatch batch, CancellationToken cancellationToken);
}
