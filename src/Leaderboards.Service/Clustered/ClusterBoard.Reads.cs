using Leaderboards.Engine;
using Leaderboards.Engine.Boards;
using Leaderboards.Engine.Partitions;
using Leaderboards.Redis;
using Leaderboards.Service.Clustered.Internal;

namespace Leaderboards.Service.Clustered;

// Reads: strong ones go to each partition's master, eventual ones may be answered by its replicas. Each partition's
// part of a read is one script, atomic on that partition; the parts of different partitions are asked at once.
public sealed partial class ClusterBoard
{
    // Pages that start this close to the top are read by taking offset + limit entries from every partition; deeper
    // pages first find the partitions' start positions by a search over counts.
    private const int ShallowPageEntries = 1_000;

    /// <summary>How many players the board holds.</summary>
    public async ValueTask<long> CountAsync(ReadConsistency consistency = ReadConsistency.Eventual, CancellationToken cancellationToken = default)
    {
        var counts = await CountBeforeElsewhereAsync(-1, [], consistency, cancellationToken).ConfigureAwait(false);
        return counts.Entries;
    }

    /// <summary>One player's entry, rank and percentile; null when they have none.</summary>
    public async ValueTask<PlayerStanding?> GetPlayerAsync(string playerId, ReadConsistency consistency = ReadConsistency.Eventual, CancellationToken cancellationToken = default)
    {
        int partition = BoardRules.PartitionOf(playerId, _partitions.Length);
        var own = await _redis.EvaluateReadOnlyAsync(PartitionScripts.Player, _partitions[partition].Both, [playerId], Route(consistency), cancellationToken).ConfigureAwait(false);
        var items = own.Items;
        if (items.Count == 1)
            return null;
        byte[] stored = items[1].Bytes!.Value.ToArray();
        var counts = await CountBeforeElsewhereAsync(partition, [Bound(stored, playerId)], consistency, cancellationToken).ConfigureAwait(false);
        long local = Competition ? items[3].ToInt64() : items[2].ToInt64();
        long rank = 1 + local + counts.Before[0];
        long total = items[0].ToInt64() + counts.Entries;
        var entry = EntryCodec.FromKey(playerId, stored, stored, Options.Order);
        return Standing(Ranked(entry, rank), total);
    }

    /// <summary>The standings of those of <paramref name="playerIds"/> that have an entry, best first (a friends list).</summary>
    public async ValueTask<IReadOnlyList<PlayerStanding>> QueryPlayersAsync(IReadOnlyList<string> playerIds, ReadConsistency consistency = ReadConsistency.Eventual, CancellationToken cancellationToken = default)
    {
        BoardRules.ValidatePlayerQuery(playerIds);

        var standings = await Task.WhenAll(playerIds.Distinct(StringComparer.Ordinal).Select(id => GetPlayerAsync(id, consistency, cancellationToken).AsTask())).ConfigureAwait(false);
        var found = standings.OfType<PlayerStanding>().ToList();
        found.Sort((a, b) => a.Entry.Rank != b.Entry.Rank ? a.Entry.Rank.CompareTo(b.Entry.Rank) : string.CompareOrdinal(a.Entry.PlayerId, b.Entry.PlayerId));
        return found;
    }

    /// <summary>The first <paramref name="limit"/> entries in rank order.</summary>
    public async ValueTask<IReadOnlyList<RankedEntry>> TopAsync(int limit, ReadConsistency consistency = ReadConsistency.Eventual, CancellationToken cancellationToken = default) =>
        (await PageWithTotalAsync(0, limit, consistency, cancellationToken).ConfigureAwait(false)).Entries;

    /// <summary>The player and up to <paramref name="count"/> entries on each side of them; null when they have no entry.</summary>
    public async ValueTask<PlayerNeighbourhood?> AroundAsync(string playerId, int count, ReadConsistency consistency = ReadConsistency.Eventual, CancellationToken cancellationToken = default)
    {
        var player = await GetPlayerAsync(playerId, consistency, cancellationToken).ConfigureAwait(false);
        if (player is null)
            return null;
        long position = await PositionAsync(playerId, player, consistency, cancellationToken).ConfigureAwait(false);
        long offset = Math.Max(0, position - count);
        var page = await PageWithTotalAsync(offset, (int)(position - offset) + count + 1, consistency, cancellationToken).ConfigureAwait(false);
        return new PlayerNeighbourhood(player, page.Entries);
    }

    /// <summary>Entries from 0-based position <paramref name="offset"/> in rank order, and the board's size.</summary>
    public async ValueTask<BoardPage> PageWithTotalAsync(long offset, int limit, ReadConsistency consistency = ReadConsistency.Eventual, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        long[] starts;
        long total;
        if (offset + limit <= ShallowPageEntries)
        {
            starts = new long[_partitions.Length];
            var shallow = await RangesAsync(starts, offset + limit, consistency, cancellationToken).ConfigureAwait(false);
            total = shallow.Total;
            return await PageFromAsync(Merge(shallow.Ranges, offset, limit), offset, total, consistency, cancellationToken).ConfigureAwait(false);
        }

        (starts, total) = await StartsAtAsync(offset, consistency, cancellationToken).ConfigureAwait(false);
        if (offset >= total)
            return new BoardPage([], total);
        var deep = await RangesAsync(starts, limit, consistency, cancellationToken).ConfigureAwait(false);
        return await PageFromAsync(Merge(deep.Ranges, 0, limit), offset, total, consistency, cancellationToken).ConfigureAwait(false);
    }

    private async Task<BoardPage> PageFromAsync(List<RangeEntry> entries, long offset, long total, ReadConsistency consistency, CancellationToken cancellationToken)
    {
        var page = new RankedEntry[entries.Count];
        for (int i = 0; i < entries.Count; i++)
        {
            var entry = EntryCodec.FromMember(entries[i].Member, entries[i].Stored, Options.Order);
            if (Competition && i > 0 && entries[i].Member.AsSpan(0, EntryCodec.ValueBytes).SequenceEqual(entries[i - 1].Member.AsSpan(0, EntryCodec.ValueBytes)))
            {
                page[i] = Ranked(entry, page[i - 1].Rank);
                continue;
            }

            if (Competition && i == 0 && offset > 0)
            {
                // The first entry of a deep page may share its value with entries before the page.
                var ahead = await CountBeforeElsewhereAsync(-1, [EntryCodec.ExclusiveBound(entries[0].Member.AsSpan(0, EntryCodec.ValueBytes))], consistency, cancellationToken).ConfigureAwait(false);
                page[i] = Ranked(entry, 1 + ahead.Before[0]);
                continue;
            }

            page[i] = Ranked(entry, offset + i + 1);
        }

        return new BoardPage(page, total);
    }

    // The 0-based position of a player in rank order (their ordinal rank - 1, whatever the rank mode).
    private async Task<long> PositionAsync(string playerId, PlayerStanding player, ReadConsistency consistency, CancellationToken cancellationToken)
    {
        if (!Competition)
            return player.Entry.Rank - 1;
        var entry = new PartitionEntry(playerId, player.Entry.Score, player.Entry.Subscore, player.Entry.UpdatedAt.ToUnixTimeMilliseconds(), null);
        var counts = await CountBeforeElsewhereAsync(-1, [EntryCodec.ExclusiveBound(EntryCodec.Member(entry, Options.Order))], consistency, cancellationToken).ConfigureAwait(false);
        return counts.Before[0];
    }

    // Asks every partition except `skip` (-1: none) for its size and how many of its members sort before each bound.
    private async Task<PartitionCounts> CountBeforeElsewhereAsync(int skip, IReadOnlyList<byte[]> bounds, ReadConsistency consistency, CancellationToken cancellationToken)
    {
        RedisValue[] args = [.. bounds.Select(b => (RedisValue)b)];
        var calls = new List<Task<RedisResult>>(_partitions.Length);
        for (int p = 0; p < _partitions.Length; p++)
        {
            if (p != skip)
                calls.Add(_redis.EvaluateReadOnlyAsync(PartitionScripts.CountBefore, [_partitions[p].Members], args, Route(consistency), cancellationToken).AsTask());
        }

        var replies = await Task.WhenAll(calls).ConfigureAwait(false);
        long entries = 0;
        var before = new long[bounds.Count];
        foreach (var reply in replies)
        {
            entries += reply.Items[0].ToInt64();
            for (int i = 0; i < before.Length; i++)
                before[i] += reply.Items[i + 1].ToInt64();
        }

        return new PartitionCounts(entries, before);
    }

    // Each partition's entries from its start position, at most `count` of them, and the partitions' total size.
    private async Task<(List<RangeEntry>[] Ranges, long Total)> RangesAsync(long[] starts, long count, ReadConsistency consistency, CancellationToken cancellationToken)
    {
        var replies = await Task.WhenAll(_partitions.Select((keys, p) => RangeAsync(p, starts[p], starts[p] + count - 1, consistency, cancellationToken))).ConfigureAwait(false);
        long total = 0;
        var ranges = new List<RangeEntry>[replies.Length];
        for (int p = 0; p < replies.Length; p++)
        {
            total += replies[p].Total;
            ranges[p] = replies[p].Entries;
        }

        return (ranges, total);
    }

    private async Task<(long Total, List<RangeEntry> Entries)> RangeAsync(int partition, long first, long last, ReadConsistency consistency, CancellationToken cancellationToken)
    {
        var reply = await _redis.EvaluateReadOnlyAsync(PartitionScripts.Range, _partitions[partition].Both, [first, last], Route(consistency), cancellationToken).ConfigureAwait(false);
        var items = reply.Items;
        var entries = new List<RangeEntry>((items.Count - 1) / 2);
        for (int i = 1; i + 1 < items.Count; i += 2)
            entries.Add(new RangeEntry(items[i].Bytes!.Value.ToArray(), items[i + 1].Bytes!.Value.ToArray()));
        return (items[0].ToInt64(), entries);
    }

    // Finds where the entry at global position `offset` and those after it start in each partition: a search that
    // takes the middle of the widest remaining window, counts what sorts before it everywhere (one round of calls),
    // and narrows every window, until the middle's global position is the offset.
    private async Task<(long[] Starts, long Total)> StartsAtAsync(long offset, ReadConsistency consistency, CancellationToken cancellationToken)
    {
        int n = _partitions.Length;
        var sizes = await Task.WhenAll(_partitions.Select(p =>
            _redis.EvaluateReadOnlyAsync(PartitionScripts.CountBefore, [p.Members], [], Route(consistency), cancellationToken).AsTask())).ConfigureAwait(false);
        long total = sizes.Sum(s => s.Items[0].ToInt64());
        var low = new long[n];
        var high = new long[n];
        for (int p = 0; p < n; p++)
            high[p] = Math.Min(sizes[p].Items[0].ToInt64(), offset + 1);
        if (offset >= total)
            return (high, total);
        while (true)
        {
            int widest = 0;
            for (int p = 1; p < n; p++)
            {
                if (high[p] - low[p] > high[widest] - low[widest])
                    widest = p;
            }

            if (high[widest] <= low[widest])
                return (low, total);
            long middle = (low[widest] + high[widest]) / 2;
            var (_, at) = await RangeAsync(widest, middle, middle, consistency, cancellationToken).ConfigureAwait(false);
            if (at.Count == 0)
            {
                // The partition shrank under the search: the window ends here.
                high[widest] = middle;
                continue;
            }

            var counts = await CountEachAsync(widest, EntryCodec.ExclusiveBound(at[0].Member), consistency, cancellationToken).ConfigureAwait(false);
            long position = middle + counts.Sum();
            if (position == offset)
            {
                counts[widest] = middle;
                return (counts, total);
            }

            for (int p = 0; p < n; p++)
            {
                if (p == widest)
                {
                    if (position < offset)
                        low[p] = middle + 1;
                    else
                        high[p] = middle;
                }
                else if (position < offset)
                {
                    low[p] = Math.Max(low[p], counts[p]);
                }
                else
                {
                    high[p] = Math.Min(high[p], counts[p]);
                }
            }
        }
    }

    // For each partition but `skip` (whose slot is 0), how many members sort before the bound.
    private async Task<long[]> CountEachAsync(int skip, byte[] bound, ReadConsistency consistency, CancellationToken cancellationToken)
    {
        var replies = await Task.WhenAll(_partitions.Select((keys, p) => p == skip
            ? Task.FromResult<RedisResult?>(null)
            : CountOneAsync(keys, bound, consistency, cancellationToken))).ConfigureAwait(false);
        return [.. replies.Select(r => r is null ? 0 : r.Items[1].ToInt64())];
    }

    private async Task<RedisResult?> CountOneAsync(PartitionKeys keys, byte[] bound, ReadConsistency consistency, CancellationToken cancellationToken) =>
        await _redis.EvaluateReadOnlyAsync(PartitionScripts.CountBefore, [keys.Members], [bound], Route(consistency), cancellationToken).ConfigureAwait(false);

    // Merges the partitions' sorted ranges by member bytes (the rank order), skipping `skip` entries and taking `limit`.
    private static List<RangeEntry> Merge(List<RangeEntry>[] ranges, long skip, int limit)
    {
        var heads = new int[ranges.Length];
        var merged = new List<RangeEntry>(limit);
        long seen = 0;
        while (merged.Count < limit)
        {
            int best = -1;
            for (int p = 0; p < ranges.Length; p++)
            {
                if (heads[p] < ranges[p].Count && (best < 0 || ranges[p][heads[p]].Member.AsSpan().SequenceCompareTo(ranges[best][heads[best]].Member) < 0))
                    best = p;
            }

            if (best < 0)
                break;
            var entry = ranges[best][heads[best]++];
            if (seen++ >= skip)
                merged.Add(entry);
        }

        return merged;
    }

    private static CommandFlags Route(ReadConsistency consistency) =>
        consistency == ReadConsistency.Eventual ? CommandFlags.PreferReplica : CommandFlags.None;

    private static RankedEntry Ranked(PartitionEntry entry, long rank) =>
        new(rank, entry.PlayerId, entry.Score, entry.Subscore, DateTimeOffset.FromUnixTimeMilliseconds(entry.Time), entry.Metadata);

    private static PlayerStanding Standing(RankedEntry entry, long total) =>
        new(entry, total, Math.Round(100.0 * (total - entry.Rank + 1) / total, 4));
}
