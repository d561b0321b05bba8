using Leaderboards.Engine.Partitions;
using Leaderboards.Engine.Partitions.Internal;

namespace Leaderboards.Engine.Boards.Internal;

/// <summary>
/// A board at one instant: a read lock on one copy of every partition (the owners for strong reads, one replica each
/// for eventual ones), all held from <see cref="Take"/> to <see cref="Dispose"/>, so every step of a read sees the
/// same states and its answer is exact for the board those copies form: a player is inside its own neighbourhood,
/// ranks are contiguous and a total counts the entries the page was cut from.
/// <para>
/// No deadlock with writers: a writer (an owner's loop, a replica's apply loop) holds one state's write lock at a
/// time and takes nothing else while holding it, and cuts take their locks in partition order, so a cut only ever
/// waits for a later partition than any it holds and every chain of waits ends. The locks belong to the thread that
/// took them: nothing awaits while a cut is open, and a cut is short (a few tree walks per partition).
/// </para>
/// </summary>
internal readonly struct BoardCut : IDisposable
{
    private readonly PartitionState[] _states;
    private readonly PartitionMerger _merger;
    private readonly bool _competition;

    private BoardCut(PartitionState[] states, PartitionMerger merger, bool competition)
    {
        _states = states;
        _merger = merger;
        _competition = competition;
    }

    /// <summary>Read-locks <paramref name="states"/> (one per partition, in partition order) until disposed.</summary>
    public static BoardCut Take(PartitionState[] states, PartitionMerger merger, RankMode mode)
    {
        int held = 0;
        try
        {
            for (; held < states.Length; held++)
                states[held].EnterRead();
        }
        catch
        {
            while (--held >= 0)
                states[held].ExitRead();
            throw;
        }

        return new BoardCut(states, merger, mode == RankMode.Competition);
    }

    public void Dispose()
    {
        for (int q = _states.Length - 1; q >= 0; q--)
            _states[q].ExitRead();
    }

    public long Count()
    {
        long total = 0;
        foreach (var state in _states)
            total += state.CountUnlocked();
        return total;
    }

    public long CountInRange(long? min, long? max)
    {
        long total = 0;
        foreach (var state in _states)
            total += state.CountInRangeUnlocked(min, max);
        return total;
    }

    /// <summary>The player's entry and 0-based rank in its partition <paramref name="p"/>, or null.</summary>
    public PartitionLookup? Find(int p, string playerId) => _states[p].GetUnlocked(playerId);

    public PlayerStanding? Player(int p, string playerId) =>
        Find(p, playerId) is { } lookup ? Standing(ToRanked(lookup.Entry, Rank(p, lookup.Entry, lookup.LocalRank)), Count()) : null;

    /// <summary>The board rank of <paramref name="entry"/>, ranked <paramref name="localRank"/> (0-based) in its partition <paramref name="p"/>.</summary>
    public long Rank(int p, PartitionEntry entry, long localRank)
    {
        if (_competition)
            return 1 + CountAhead(-1, RankKey.Lowest(entry.Score, entry.Subscore));
        return 1 + localRank + CountAhead(p, entry.Key);
    }

    /// <summary>How many entries of every partition but <paramref name="except"/> (-1: none) rank strictly ahead of <paramref name="key"/>.</summary>
    public long CountAhead(int except, RankKey key)
    {
        long ahead = 0;
        for (int q = 0; q < _states.Length; q++)
        {
            if (q != except)
                ahead += _states[q].CountAheadUnlocked(key);
        }

        return ahead;
    }

    /// <summary>Up to <paramref name="limit"/> entries from 0-based position <paramref name="offset"/>, and the board's size.</summary>
    public BoardPage Page(long offset, int limit)
    {
        int n = _states.Length;
        var counts = new long[n];
        long total = 0;
        for (int q = 0; q < n; q++)
            total += counts[q] = _states[q].CountUnlocked();
        if (offset >= total)
            return new BoardPage([], total);

        long[] starts = offset == 0 ? new long[n]
            : n == 1 ? [offset]
            : PartitionMerger.Locate(_states, new long[n], counts, offset);
        return new BoardPage(RankPage(_merger.Merge(_states, starts, limit), offset), total);
    }

    /// <summary>The player and up to <paramref name="count"/> entries on each side, or null when the player has no entry.</summary>
    public PlayerNeighbourhood? Around(int p, string playerId, int count)
    {
        if (Find(p, playerId) is not { } lookup)
            return null;

        // The page is addressed by ordinal position, whatever the rank mode: the player's is the sum of what ranks
        // ahead of it in every partition.
        int n = _states.Length;
        var ahead = new long[n];
        long position = 0, total = 0;
        for (int q = 0; q < n; q++)
        {
            total += _states[q].CountUnlocked();
            ahead[q] = q == p ? lookup.LocalRank : _states[q].CountAheadUnlocked(lookup.Entry.Key);
            position += ahead[q];
        }

        long start = Math.Max(0, position - count);
        int before = (int)(position - start);
        long[] starts;
        if (before == 0 || n == 1)
        {
            starts = ahead;
            starts[p] -= before;
        }
        else
        {
            // The first entry is `before` places ahead of the player, so in each partition between ahead - before
            // and ahead - 1 entries rank ahead of it: the search starts inside that narrow range.
            var lo = new long[n];
            for (int q = 0; q < n; q++)
                lo[q] = Math.Max(0, ahead[q] - before);
            starts = PartitionMerger.Locate(_states, lo, ahead, start);
        }

        var page = RankPage(_merger.Merge(_states, starts, before + 1 + count), start);
        return new PlayerNeighbourhood(Standing(page[before], total), page);
    }

    private RankedEntry[] RankPage(IReadOnlyList<PartitionEntry> entries, long offset)
    {
        var ranked = new RankedEntry[entries.Count];
        if (entries.Count == 0)
            return ranked;
        long rank = _competition ? 1 + CountAhead(-1, RankKey.Lowest(entries[0].Score, entries[0].Subscore)) : offset + 1;
        for (int i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            if (i > 0 && !(_competition && entry.Score == entries[i - 1].Score && entry.Subscore == entries[i - 1].Subscore))
                rank = offset + i + 1;
            ranked[i] = ToRanked(entry, rank);
        }

        return ranked;
    }

    public static RankedEntry ToRanked(PartitionEntry entry, long rank) =>
        new(rank, entry.PlayerId, entry.Score, entry.Subscore, DateTimeOffset.FromUnixTimeMilliseconds(entry.Time), entry.Metadata);

    public static PlayerStanding Standing(RankedEntry entry, long total) =>
        new(entry, total, Math.Round(100.0 * (total - entry.Rank + 1) / total, 4));
}
