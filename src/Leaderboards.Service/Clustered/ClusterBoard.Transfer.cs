using Leaderboards.Engine.Boards;
using Leaderboards.Engine.Partitions;
using Leaderboards.Redis;
using Leaderboards.Service.Clustered.Internal;

namespace Leaderboards.Service.Clustered;

// Moving whole partitions in and out: what snapshots, restores and migrations between stores use.
public sealed partial class ClusterBoard
{
    private const int ScanChunk = 4_096;
    private const int LoadChunk = 1_000;

    /// <summary>How many partitions the board has.</summary>
    public int PartitionCount => _partitions.Length;

    /// <summary>
    /// Every entry of one partition, in rank order, read from its master with <c>HSCAN</c> over the players: an
    /// entry present for the whole read is in the answer exactly once, with its latest value seen; writes made during
    /// the read may or may not be. Times and metadata are kept, so <see cref="LoadPartitionAsync"/> gives back the
    /// same ranks.
    /// </summary>
    public async ValueTask<IReadOnlyList<PartitionEntry>> ReadPartitionAsync(int partition, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(partition, _partitions.Length);
        var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        string cursor = "0";
        do
        {
            var reply = await _redis.ExecuteKeyedAsync("HSCAN", [_partitions[partition].Entries, cursor, "COUNT", ScanChunk], cancellationToken: cancellationToken).ConfigureAwait(false);
            cursor = reply.Items[0].ToString()!;
            var fields = reply.Items[1].Items;
            for (int i = 0; i + 1 < fields.Count; i += 2)
                entries[fields[i].ToString()!] = fields[i + 1].Bytes!.Value.ToArray();
        }
        while (cursor != "0");

        var members = entries.Select(e => (Member: EntryCodec.Member(e.Value, e.Key), Stored: e.Value)).ToList();
        members.Sort((a, b) => a.Member.AsSpan().SequenceCompareTo(b.Member));
        return [.. members.Select(m => EntryCodec.FromMember(m.Member, m.Stored, Options.Order))];
    }

    /// <summary>
    /// Stores entries into one partition as they are (score, subscore, time, metadata), replacing any entry of the
    /// same player, in chunks that are each atomic. The entries must belong to this partition.
    /// </summary>
    /// <exception cref="ArgumentException">An entry's player belongs to another partition.</exception>
    public async ValueTask LoadPartitionAsync(int partition, IReadOnlyList<PartitionEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        for (int start = 0; start < entries.Count; start += LoadChunk)
        {
            int count = Math.Min(LoadChunk, entries.Count - start);
            var args = new RedisValue[count * 3];
            for (int i = 0; i < count; i++)
            {
                var entry = entries[start + i];
                if (BoardRules.PartitionOf(entry.PlayerId, _partitions.Length) != partition)
                    throw new ArgumentException($"Player '{entry.PlayerId}' does not belong to partition {partition}.", nameof(entries));
                var member = EntryCodec.Member(entry, Options.Order);
                args[i * 3] = entry.PlayerId;
                args[i * 3 + 1] = (ReadOnlyMemory<byte>)member.AsMemory(0, EntryCodec.KeyBytes);
                args[i * 3 + 2] = entry.Metadata ?? [];
            }

            await _redis.EvaluateAsync(PartitionScripts.Load, _partitions[partition].Removal, args, cancellationToken).ConfigureAwait(false);
        }

        await WaitForReplicasAsync(partition, cancellationToken).ConfigureAwait(false);
    }
}
