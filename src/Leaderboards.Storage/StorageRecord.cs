namespace Leaderboards.Storage;

/// <summary>
/// A record of the log or of a snapshot. Each kind is its own type; <see cref="Type"/> is the tag it is stored under.
/// </summary>
public abstract record StorageRecord
{
    public abstract RecordType Type { get; }
}
