namespace Leaderboards.Service.Clustered;

/// <summary>
/// A write reached its partition's master but fewer replicas than required acknowledged it in time: it may or may not
/// survive a failover of that master, so it is not acknowledged.
/// </summary>
public sealed class ReplicationShortfallException(string boardId, long acknowledged, int required)
    : Exception($"Board '{boardId}': {acknowledged} of {required} required replicas acknowledged the write in time; it may or may not be applied.")
{
    public long Acknowledged { get; } = acknowledged;

    public int Required { get; } = required;
}
