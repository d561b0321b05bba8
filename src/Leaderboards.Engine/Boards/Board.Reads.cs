using Leaderboards.Engine.Boards.Internal;
using Leaderboards.Engine.Partitions.Internal;

namespace Leaderboards.Engine.Boards;

// Reads: each is answered from one cut of the board (see BoardCut), over the partition owners (strong) or over one
// replica of each partition (eventual). Every step of a read sees the same partition states, so a read is exact for
// some board: a strong one for the board as it stood at one instant, after every acknowledged write; an eventual one
// for the board the chosen replicas form, each of which may trail its owner by a different number of changes.
public sealed partial class Board
{
    public const int MaxPageSize = 1000;
    public const int MaxAround = 100;
    public const int MaxQueryPlayers = 1000;

    public ValueTask<long> CountAsync(ReadConsistency consistency = ReadConsistency.Eventual, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var cut = Cut(consistency);
        return ValueTask.FromResult(cut.Count());
    }

    /// <summary>How many entries have a score in [min, max]; a null bound is open.</summary>
    public ValueTask<long> CountInRangeAsync(long? min, long? max, ReadConsistency consistency = ReadConsistency.Eventual, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var cut = Cut(consistency);
        return ValueTask.FromResult(cut.CountInRange(min, max));
    }

    /// <summary>The player's entry, rank and the board's size, read together; null when the player has no entry.</summary>
    public ValueTask<PlayerStanding?> GetPlayerAsync(string playerId, ReadConsistency consistency = ReadConsistency.Eventual, CancellationToken cancellationToken = default)
    {
        PlayerIds.Validate(playerId);
        cancellationToken.ThrowIfCancellationRequested();
        int p = PartitionOf(playerId);
        using var cut = Cut(consistency);
        return ValueTask.FromResult(cut.Player(p, playerId, cut.Count()));
    }

    /// <summary>The first <paramref name="limit"/> entries; <see cref="PageWithTotalAsync"/> gives the board's size with them.</summary>
    public ValueTask<IReadOnlyList<RankedEntry>> TopAsync(int limit, ReadConsistency consistency = ReadConsistency.Eventual, CancellationToken cancellationToken = default) =>
        PageAsync(0, limit, consistency, cancellationToken);

    /// <summary>Up to <paramref name="limit"/> entries from 0-based position <paramref name="offset"/> in rank order.</summary>
    public ValueTask<IReadOnlyList<RankedEntry>> PageAsync(long offset, int limit, ReadConsistency consistency = ReadConsistency.Eventual, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(ReadPage(offset, limit, consistency, cancellationToken).Entries);

    /// <summary>
    /// Up to <paramref name="limit"/> entries from 0-based position <paramref name="offset"/> in rank order, and the
    /// board's size counted in the same read (a separate <see cref="CountAsync"/> may see other writes).
    /// </summary>
    public ValueTask<BoardPage> PageWithTotalAsync(long offset, int limit, ReadConsistency consistency = ReadConsistency.Eventual, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(ReadPage(offset, limit, consistency, cancellationToken));

    /// <summary>
    /// The player and up to <paramref name="count"/> entries on each side, in rank order, with the player among them at
    /// its own rank; null when the player has no entry.
    /// </summary>
    public ValueTask<PlayerNeighbourhood?> AroundAsync(string playerId, int count, ReadConsistency consistency = ReadConsistency.Eventual, CancellationToken cancellationToken = default)
    {
        if (count is < 1 or > MaxAround)
            throw new LeaderboardValidationException("count", $"count must be between 1 and {MaxAround}.");
        PlayerIds.Validate(playerId);
        cancellationToken.ThrowIfCancellationRequested();
        int p = PartitionOf(playerId);
        using var cut = Cut(consistency);
        return ValueTask.FromResult(cut.Around(p, playerId, count));
    }

    /// <summary>
    /// The standings of those of <paramref name="playerIds"/> that have an entry, best first (a friends list), all read
    /// together: their ranks and the total they carry come from the same state of the board.
    /// </summary>
    public ValueTask<IReadOnlyList<PlayerStanding>> QueryPlayersAsync(IReadOnlyList<string> playerIds, ReadConsistency consistency = ReadConsistency.Eventual, CancellationToken cancellationToken = default)
    {
        BoardRules.ValidatePlayerQuery(playerIds);

        cancellationToken.ThrowIfCancellationRequested();
        // Routing hashes each id: done before the cut, so the locks are held for the tree walks only.
        var players = playerIds.Distinct(StringComparer.Ordinal).Select(id => (Id: id, Partition: PartitionOf(id))).ToArray();
        var found = new List<PlayerStanding>(players.Length);
        using (var cut = Cut(consistency))
        {
            long total = cut.Count();
            foreach (var (playerId, p) in players)
            {
                if (cut.Player(p, playerId, total) is { } standing)
                    found.Add(standing);
            }
        }

        found.Sort((a, b) => a.Entry.Rank != b.Entry.Rank ? a.Entry.Rank.CompareTo(b.Entry.Rank) : string.CompareOrdinal(a.Entry.PlayerId, b.Entry.PlayerId));
        return ValueTask.FromResult<IReadOnlyList<PlayerStanding>>(found);
    }

    private BoardPage ReadPage(long offset, int limit, ReadConsistency consistency, CancellationToken cancellationToken)
    {
        if (offset < 0)
            throw new LeaderboardValidationException("offset", "offset must not be negative.");
        if (limit is < 1 or > MaxPageSize)
            throw new LeaderboardValidationException("limit", $"limit must be between 1 and {MaxPageSize}.");
        cancellationToken.ThrowIfCancellationRequested();
        using var cut = Cut(consistency);
        return cut.Page(offset, limit);
    }

    private BoardCut Cut(ReadConsistency consistency) => BoardCut.Take(StatesFor(consistency), Options.RankMode);

    /// <summary>One copy of each partition, in partition order: the owners (cached), or a replica of each where there are any.</summary>
    private PartitionState[] StatesFor(ReadConsistency consistency)
    {
        if (consistency == ReadConsistency.Strong)
            return _ownerStates;
        PartitionState[]? states = null;
        for (int q = 0; q < _partitions.Length; q++)
        {
            var state = _partitions[q].CopyFor(consistency).State;
            if (states is null && state == _ownerStates[q])
                continue;
            states ??= (PartitionState[])_ownerStates.Clone();
            states[q] = state;
        }

        return states ?? _ownerStates;
    }
}
