using System.Globalization;

namespace Leaderboards.Service.Clustered.Internal;

/// <summary>
/// The two keys of one partition of a board: <c>{prefix}{board:n}:z</c>, the sorted set of members in rank order,
/// and <c>{prefix}{board:n}:h</c>, the hash of player id to key and metadata. The hash tag puts both in one slot, and
/// each partition of a board in its own slot, so a board's partitions spread over the cluster's masters.
/// <c>{prefix}{board:n}:a</c> holds the ids of the batches the partition applied, so a batch applies once.
/// </summary>
internal readonly record struct PartitionKeys(string Members, string Entries, string Batches)
{
    public static PartitionKeys For(string prefix, string boardId, int partition)
    {
        string tag = string.Create(CultureInfo.InvariantCulture, $"{prefix}{{{boardId}:{partition}}}");
        return new PartitionKeys(tag + ":z", tag + ":h", tag + ":a");
    }

    /// <summary>The keys the reads and single-entry scripts take.</summary>
    public string[] Both => [Members, Entries];

    /// <summary>The keys the submit script takes.</summary>
    public string[] All => [Members, Entries, Batches];
}
