using System.Text;
using Leaderboards.Engine.Index.Internal;
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
    private readonly bool _competition;

    private BoardCut(PartitionState[] states, bool competition)
    {
        _states = states;
        _competition = competition;
    }

    /// <summary>Read-locks <paramref name="states"/> (one per partition, in partition order) until disposed.</summary>
    public static BoardCut Take(PartitionState[] states, RankMode mode)
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

        return new BoardCut(states, mode == RankMode.Competition);
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

    /// <summary>The player's standing on a board of <paramref name="total"/> entries, or null; <paramref name="p"/> is its partition.</summary>
    public PlayerStanding? Player(int p, string playerId, long total)
    {
        if (Find(p, playerId) is not { } found)
            return null;
        var (entry, localRank) = found;
        return Standing(Ranked(entry, RankOf(entry, localRank)), total);
    }

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
        if (_states.Length == 1 && except == 0)
            return 0;
        var state = _states[0];
        Span<byte> id = stackalloc byte[PlayerIds.EncodeBufferBytes];
        var search = new SearchKey(state.Normalize(key.Score), state.Normalize(key.Subscore), key.Time, id[..Encoding.UTF8.GetBytes(key.PlayerId, id)]);
        return CountLess(except, search);
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
        return new BoardPage(RankPage(PartitionMerger.Merge(_states, starts, limit), offset), total);
    }

    /// <summary>The player and up to <paramref name="count"/> entries on each side, or null when the player has no entry.</summary>
    public PlayerNeighbourhood? Around(int p, string playerId, int count)
    {
        if (Find(p, playerId) is not { } found)
            return null;

        // The page is addressed by ordinal position, whatever the rank mode: the player's is the sum of what ranks
        // ahead of it in every partition.
        int n = _states.Length;
        var ahead = new long[n];
        long position = 0, total = 0;
        var key = _states[p].Index.KeyOf(found.Entry.Slot, found.Entry.K1);
        for (int q = 0; q < n; q++)
        {
            total += _states[q].CountUnlocked();
            ahead[q] = q == p ? found.LocalRank : _states[q].Index.CountLessScanning(key);
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

        var page = RankPage(PartitionMerger.Merge(_states, starts, before + 1 + count), start);
        return new PlayerNeighbourhood(Standing(page[before], total), page);
    }

    public static PlayerStanding Standing(RankedEntry entry, long total) =>
        new(entry, total, Math.Round(100.0 * (total - entry.Rank + 1) / total, 4));

    /// <summary>The player's entry in its partition <paramref name="p"/> and its 0-based rank there, or null.</summary>
    private (EntryRef Entry, long LocalRank)? Find(int p, string playerId)
    {
        var index = _states[p].Index;
        Span<byte> id = stackalloc byte[PlayerIds.EncodeBufferBytes];
        int slot = index.FindSlot(id[..Encoding.UTF8.GetBytes(playerId, id)]);
        if (slot < 0)
            return null;
        var (k1, localRank) = index.Locate(slot);
        return (new EntryRef(p, slot, k1), localRank);
    }

    /// <summary>The board rank of an entry of the cut ranked <paramref name="localRank"/> (0-based) in its partition.</summary>
    private long RankOf(EntryRef entry, long localRank)
    {
        // The key is read from the index itself: no id to encode, and one key serves every other partition.
        var index = _states[entry.Partition].Index;
        if (_competition)
            return 1 + CountLess(-1, SearchKey.Lowest(entry.K1, index.K2(entry.Slot)));
        return 1 + localRank + CountLess(entry.Partition, index.KeyOf(entry.Slot, entry.K1));
    }

    /// <summary>How many entries of every partition but <paramref name="except"/> (-1: none) sort strictly below <paramref name="key"/>.</summary>
    private long CountLess(int except, in SearchKey key)
    {
        long ahead = 0;
        for (int q = 0; q < _states.Length; q++)
        {
            if (q != except)
                ahead += _states[q].Index.CountLessScanning(key);
        }

        return ahead;
    }

    private RankedEntry[] RankPage(EntryRef[] entries, long offset)
    {
        var ranked = new RankedEntry[entries.Length];
        if (entries.Length == 0)
            return ranked;
        long rank = _competition
            ? 1 + CountLess(-1, SearchKey.Lowest(entries[0].K1, K2(entries[0])))
            : offset + 1;
        for (int i = 0; i < entries.Length; i++)
        {
            var entry = entries[i];
            // Equal normalised keys are equal scores and subscores.
            if (i > 0 && !(_competition && entry.K1 == entries[i - 1].K1 && K2(entry) == K2(entries[i - 1])))
                rank = offset + i + 1;
            ranked[i] = Ranked(entry, rank);
        }

        return ranked;
    }

    private long K2(EntryRef entry) => _states[entry.Partition].Index.K2(entry.Slot);

    /// <summary>Materialises an entry of the cut: its id becomes a string here, and only here.</summary>
    private RankedEntry Ranked(EntryRef entry, long rank)
    {
        var state = _states[entry.Partition];
        var index = state.Index;
        int slot = entry.Slot;
        return new RankedEntry(
            rank,
            Encoding.UTF8.GetString(index.Id(slot)),
            state.Normalize(entry.K1),
            state.Normalize(index.K2(slot)),
            DateTimeOffset.FromUnixTimeMilliseconds(index.Time(slot)),
            index.Metadata(slot));
    }
}
