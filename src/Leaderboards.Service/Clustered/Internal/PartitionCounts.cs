namespace Leaderboards.Service.Clustered.Internal;

/// <summary>
/// What the partitions other than one answered: their total size, and for each bound asked, how many of their
/// entries sort before it.
/// </summary>
internal sealed record PartitionCounts(long Entries, long[] Before);
