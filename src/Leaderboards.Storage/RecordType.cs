namespace Leaderboards.Storage;

/// <summary>What a record in a log segment or a snapshot holds. Persisted: values are EXPLICIT and APPEND-ONLY.</summary>
public enum RecordType : byte
{
    /// <summary>A board was created or reconfigured (its whole definition).</summary>
    BoardPut = 1,

    /// <summary>A board and its entries were deleted.</summary>
    BoardDelete = 2,

    /// <summary>An API key was created (its hash, never its secret).</summary>
    KeyPut = 3,

    /// <summary>An API key was revoked.</summary>
    KeyRevoke = 4,

    /// <summary>One apply round of one partition: its changes with their sequence numbers and resulting values.</summary>
    ScoreBatch = 5,

    /// <summary>A board started a new season (in the log, and in snapshots before that season's entries).</summary>
    SeasonStart = 6,

    /// <summary>Several partitions' apply rounds (a batch over partitions, a score for several boards): all or none.</summary>
    ScoreTransaction = 7,

    /// <summary>Snapshot only: the first record, with the log segment replay starts from.</summary>
    SnapshotBegin = 16,

    /// <summary>Snapshot only: the entries that follow belong to this partition, captured from this sequence.</summary>
    PartitionBegin = 17,

    /// <summary>Snapshot only: a chunk of entries of the current partition.</summary>
    Entries = 18,

    /// <summary>Snapshot only: the last record, with counts to check the snapshot is whole.</summary>
    SnapshotEnd = 19,
}
