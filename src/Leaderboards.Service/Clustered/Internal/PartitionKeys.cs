using System.Globalization;

namespace Leaderboards.Service.Clustered.Internal;

/// <summary>
/// The two keys of one partition of a board: <c>{prefix}{board:n}:z</c>, the sorted set of members in rank order,
/// and <c>{prefix}{board:n}:h</c>, the hash of player id to key and metadata. The hash tag puts both in one slot, and
/// each partition of a board in its own slot, so a board's partitions spread over the cluster's masters.
/// <c>{prefix}{board:n}:a</c> holds the ids of the batches the partition applied, so a batch applies once, and the shard
/// channel <c>{prefix}{board:n}:live</c> hears which players' entries changed, so every node can push live updates.
/// <c>{prefix}{board:n}:x</c> marks a partition whose board was deleted: the write scripts refuse it, so a node that has
/// not yet followed the delete cannot write the keys back.
/// </summary>
internal readonly record struct PartitionKeys(string Members, string Entries, string Batches, string Channel, string Tombstone)
{
    public static PartitionKeys For(string prefix, string boardId, int partition)
    {
        string tag = string.Create(CultureInfo.InvariantCulture, $"{prefix}{{{boardId}:{partition}}}");
        return new PartitionKeys(tag + ":z", tag + ":h", tag + ":a", tag + ":live", tag + ":x");
    }

    /// <summary>The keys the reads and single-entry scripts take.</summary>
    public string[] Both => [Members, Entries];

    /// <summary>The keys the submit script takes: its shard channel, then the tombstone, last.</summary>
    public string[] All => [Members, Entries, Batches, Channel, Tombstone];

    /// <summary>The keys the remove, expire and load scripts take: the shard channel, then the tombstone, last.</summary>
    public string[] Removal => [Members, Entries, Channel, Tombstone];
}
