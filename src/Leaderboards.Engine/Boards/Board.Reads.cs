using Leaderboards.Engine.Partitions;

namespace Leaderboards.Engine.Boards;

// Reads: each merges the answers of every partition's owner (strong) or one of its replicas (eventual).
public sealed partial class Board
{
    public const int MaxPageSize = 1000;
    public const int MaxAround = 100;
    public const int MaxQueryPlayers = 1000;

    public async ValueTask<long> CountAsync(ReadConsistency consistency = ReadConsistency.Eventual, CancellationToken cancellationToken = default)
    {
        long total = 0;
        foreach (var partition in _partitions)
            total += await partition.ReaderFor(consistency).CountAsync(cancellationToken).ConfigureAwait(false);
        return total;
    }

    /// <summary>How many entries have a score in [min, max]; a null bound is open.</summary>
    public async ValueTask<long> CountInRangeAsync(long? min, long? max, ReadConsistency consistency = ReadConsistency.Eventual, CancellationToken cancellationToken = default)
    {
        long total = 0;
        foreach (var partition in _partitions)
            total += await partition.ReaderFor(consistency).CountInRangeAsync(min, max, cancellationToken).ConfigureAwait(false);
        return total;
    }

    public async ValueTask<PlayerStanding?> GetPlayerAsync(string playerId, ReadConsistency consistency = ReadConsistency.Eventual, CancellationToken cancellationToken = default)
    {
        PlayerIds.Validate(playerId);
        int p = PartitionOf(playerId);
        var lookup = await _partitions[p].ReaderFor(consistency).GetAsync(playerId, cancellationToken).ConfigureAwait(false);
        if (lookup is null)
            return null;
        long rank = await GlobalRankAsync(p, lookup.Entry, lookup.LocalRank, consistency, cancellationToken).ConfigureAwait(false);
        long total = Math.Max(rank, await CountAsync(consistency, cancellationToken).ConfigureAwait(false));
        return Standing(ToRanked(lookup.Entry, rank), total);
    }

    public ValueTask<IReadOnlyList<RankedEntry>> TopAsync(int limit, ReadConsistency consistency = ReadConsistency.Eventual, CancellationToken cancellationToken = default) =>
        PageAsync(0, limit, consistency, cancellationToken);

    /// <summary>Up to <paramref name="limit"/> entries from 0-based position <paramref name="offset"/> in rank order.</summary>
    public async ValueTask<IReadOnlyList<RankedEntry>> PageAsync(long offset, int limit, ReadConsistency consistency = ReadConsistency.Eventual, CancellationToken cancellationToken = default)
    {
        if (offset < 0)
            throw new LeaderboardValidationException("offset", "offset must not be negative.");
        if (limit is < 1 or > MaxPageSize)
            throw new LeaderboardValidationException("limit", $"limit must be between 1 and {MaxPageSize}.");
        var readers = Readers(consistency);
        var counts = new long[readers.Length];
        long total = 0;
        for (int q = 0; q < readers.Length; q++)
            total += counts[q] = await readers[q].CountAsync(cancellationToken).ConfigureAwait(false);
        if (offset >= total)
            return [];

        long[] starts = offset == 0 ? new long[readers.Length]
            : readers.Length == 1 ? [offset]
            : await _merger.LocateAsync(readers, counts, offset, cancellationToken).ConfigureAwait(false);
        var entries = await _merger.MergeAsync(readers, starts, limit, cancellationToken).ConfigureAwait(false);
        return await RankPageAsync(readers, entries, offset, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The player and up to <paramref name="count"/> entries on each side; null when the player has no entry.</summary>
    public async ValueTask<PlayerNeighbourhood?> AroundAsync(string playerId, int count, ReadConsistency consistency = ReadConsistency.Eventual, CancellationToken cancellationToken = default)
    {
        if (count is < 1 or > MaxAround)
            throw new LeaderboardValidationException("count", $"count must be between 1 and {MaxAround}.");
        PlayerIds.Validate(playerId);
        int p = PartitionOf(playerId);
        var lookup = await _partitions[p].ReaderFor(consistency).GetAsync(playerId, cancellationToken).ConfigureAwait(false);
        if (lookup is null)
            return null;

        // The page is addressed by ordinal position, whatever the rank mode.
        long position = lookup.LocalRank;
        var readers = Readers(consistency);
        for (int q = 0; q < readers.Length; q++)
        {
            if (q != p)
                position += await readers[q].CountAheadAsync(lookup.Entry.Key, cancellationToken).ConfigureAwait(false);
        }

        long start = Math.Max(0, position - count);
        var page = await PageAsync(start, (int)(position - start) + 1 + count, consistency, cancellationToken).ConfigureAwait(false);
        var self = page.FirstOrDefault(e => e.PlayerId == playerId)
            ?? ToRanked(lookup.Entry, await GlobalRankAsync(p, lookup.Entry, lookup.LocalRank, consistency, cancellationToken).ConfigureAwait(false));
        long total = await CountAsync(consistency, cancellationToken).ConfigureAwait(false);
        return new PlayerNeighbourhood(Standing(self, Math.Max(total, self.Rank)), page);
    }

    /// <summary>The standings of those of <paramref name="playerIds"/> that have an entry, best first (a friends list).</summary>
    public async ValueTask<IReadOnlyList<PlayerStanding>> QueryPlayersAsync(IReadOnlyList<string> playerIds, ReadConsistency consistency = ReadConsistency.Eventual, CancellationToken cancellationToken = default)
    {
        if (playerIds.Count > MaxQueryPlayers)
            throw new LeaderboardValidationException("playerIds", $"at most {MaxQueryPlayers} players can be queried at once.");
        for (int i = 0; i < playerIds.Count; i++)
        {
            try
            {
                PlayerIds.Validate(playerIds[i]);
            }
            catch (LeaderboardValidationException ex)
            {
                throw new LeaderboardValidationException($"playerIds[{i}]", ex.Message);
            }
        }

        long total = await CountAsync(consistency, cancellationToken).ConfigureAwait(false);
        var found = new List<PlayerStanding>();
        foreach (string playerId in playerIds.Distinct(StringComparer.Ordinal))
        {
            int p = PartitionOf(playerId);
            var lookup = await _partitions[p].ReaderFor(consistency).GetAsync(playerId, cancellationToken).ConfigureAwait(false);
            if (lookup is null)
                continue;
            long rank = await GlobalRankAsync(p, lookup.Entry, lookup.LocalRank, consistency, cancellationToken).ConfigureAwait(false);
            found.Add(Standing(ToRanked(lookup.Entry, rank), Math.Max(total, rank)));
        }

        found.Sort((a, b) => a.Entry.Rank != b.Entry.Rank ? a.Entry.Rank.CompareTo(b.Entry.Rank) : string.CompareOrdinal(a.Entry.PlayerId, b.Entry.PlayerId));
        return found;
    }

    private IPartitionReader[] Readers(ReadConsistency consistency)
    {
        var readers = new IPartitionReader[_partitions.Length];
        for (int q = 0; q < readers.Length; q++)
            readers[q] = _partitions[q].ReaderFor(consistency);
        return readers;
    }

    private async ValueTask<long> GlobalRankAsync(int p, PartitionEntry entry, long localRank, ReadConsistency consistency, CancellationToken ct)
    {
        if (Options.RankMode == RankMode.Competition)
            return 1 + await CountAheadEverywhereAsync(Readers(consistency), RankKey.Lowest(entry.Score, entry.Subscore), ct).ConfigureAwait(false);

        long rank = localRank + 1;
        for (int q = 0; q < _partitions.Length; q++)
        {
            if (q != p)
                rank += await _partitions[q].ReaderFor(consistency).CountAheadAsync(entry.Key, ct).ConfigureAwait(false);
        }

        return rank;
    }

    private static async ValueTask<long> CountAheadEverywhereAsync(IPartitionReader[] readers, RankKey key, CancellationToken ct)
    {
        long ahead = 0;
        foreach (var reader in readers)
            ahead += await reader.CountAheadAsync(key, ct).ConfigureAwait(false);
        return ahead;
    }

    private async ValueTask<IReadOnlyList<RankedEntry>> RankPageAsync(IPartitionReader[] readers, List<PartitionEntry> entries, long offset, CancellationToken ct)
    {
        var ranked = new RankedEntry[entries.Count];
        if (entries.Count == 0)
            return ranked;
        bool competition = Options.RankMode == RankMode.Competition;
        long rank = competition
            ? 1 + await CountAheadEverywhereAsync(readers, RankKey.Lowest(entries[0].Score, entries[0].Subscore), ct).ConfigureAwait(false)
            : offset + 1;
        for (int i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            if (i > 0 && !(competition && entry.Score == entries[i - 1].Score && entry.Subscore == entries[i - 1].Subscore))
                rank = offset + i + 1;
            ranked[i] = ToRanked(entry, rank);
        }

        return ranked;
    }

    private static RankedEntry ToRanked(PartitionEntry entry, long rank) =>
        new(rank, entry.PlayerId, entry.Score, entry.Subscore, DateTimeOffset.FromUnixTimeMilliseconds(entry.Time), entry.Metadata);

    private static PlayerStanding Standing(RankedEntry entry, long total) =>
        new(entry, total, Math.Round(100.0 * (total - entry.Rank + 1) / total, 4));
}
