using Leaderboards.Engine.Boards;

namespace Leaderboards.Engine.Tests.Support;

/// <summary>
/// Checks that a read's answer is what one state of a board would answer (one consistent cut): entries in the board's
/// order with contiguous ranks, a player inside its own neighbourhood at its own rank, a total that fits its page.
/// Each check returns null when the answer holds together, else what is wrong with it.
/// </summary>
internal sealed class CutChecker(BoardOptions options)
{
    private readonly bool _competition = options.RankMode == RankMode.Competition;
    private readonly bool _descending = options.Order == SortOrder.Descending;

    public string? Around(string playerId, int count, PlayerNeighbourhood? around)
    {
        // The player may have been removed a moment ago: no entry is a consistent answer.
        if (around is null)
            return null;
        var player = around.Player.Entry;
        var entries = around.Entries;
        long total = around.Player.Total;
        string where = $"around {playerId} (count {count}) at rank {player.Rank} of {total}, entries {Describe(entries)}";
        if (player.PlayerId != playerId)
            return $"{where}: the standing is {player.PlayerId}'s";
        int self = -1;
        for (int i = 0; i < entries.Count; i++)
        {
            if (entries[i].PlayerId == playerId)
                self = i;
        }

        if (self < 0)
            return $"{where}: the player is not in its own neighbourhood";
        if (entries[self] != player)
            return $"{where}: the player's entry there is {Describe([entries[self]])}";
        if (Sequence(entries, total) is { } problem)
            return $"{where}: {problem}";
        int after = entries.Count - self - 1;
        if (self > count || after > count)
            return $"{where}: more than {count} entries on a side";
        if (self < count && entries[0].Rank != 1)
            return $"{where}: fewer than {count} entries above, yet the first is not the leader";
        if (!_competition && (self != Math.Min(count, player.Rank - 1) || after != Math.Min(count, total - player.Rank)))
            return $"{where}: {self} entries above and {after} below";
        return null;
    }

    public string? Page(long offset, int limit, BoardPage page)
    {
        var entries = page.Entries;
        string where = $"page at {offset} (limit {limit}) of {page.Total}, entries {Describe(entries)}";
        if (entries.Count != Math.Clamp(page.Total - offset, 0, limit))
            return $"{where}: {entries.Count} entries for that total";
        if (entries.Count == 0)
            return null;
        if (_competition ? entries[0].Rank > offset + 1 : entries[0].Rank != offset + 1)
            return $"{where}: the first rank does not fit the offset";
        return Sequence(entries, page.Total) is { } problem ? $"{where}: {problem}" : null;
    }

    /// <summary>A friends list: one total, and ranks that agree with the entries' order.</summary>
    public string? Players(IReadOnlyList<PlayerStanding> standings)
    {
        if (standings.Count == 0)
            return null;
        long total = standings[0].Total;
        string where = $"players {Describe([.. standings.Select(s => s.Entry)])} of {total}";
        for (int i = 0; i < standings.Count; i++)
        {
            var entry = standings[i].Entry;
            if (standings[i].Total != total)
                return $"{where}: totals {standings[i].Total} and {total}";
            if (entry.Rank < 1 || entry.Rank > total)
                return $"{where}: rank {entry.Rank} outside the board";
            if (i == 0)
                continue;
            var above = standings[i - 1].Entry;
            // Equal ranks only for equal values (competition); otherwise the better rank has the entry ahead.
            int byValue = CompareValue(above, entry);
            bool ordered = above.Rank == entry.Rank
                ? _competition && byValue == 0
                : _competition ? byValue < 0 : Compare(above, entry) < 0;
            if (!ordered)
                return $"{where}: {above.PlayerId} and {entry.PlayerId} are ranked against their entries' order";
        }

        return null;
    }

    /// <summary>Entries in strict board order, with the ranks one state gives them.</summary>
    private string? Sequence(IReadOnlyList<RankedEntry> entries, long total)
    {
        // Under competition ranks, an entry whose value differs from the one before ranks at its position + 1.
        long? firstPosition = null;
        for (int i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            if (entry.Rank < 1 || entry.Rank > total)
                return $"rank {entry.Rank} outside a board of {total}";
            if (i == 0)
                continue;
            var above = entries[i - 1];
            if (Compare(above, entry) >= 0)
                return $"{above.PlayerId} before {entry.PlayerId} against the board's order";
            if (!_competition)
            {
                if (entry.Rank != above.Rank + 1)
                    return $"ranks {above.Rank} then {entry.Rank}";
                continue;
            }

            if (CompareValue(above, entry) == 0)
            {
                if (entry.Rank != above.Rank)
                    return $"equal values ranked {above.Rank} and {entry.Rank}";
                continue;
            }

            firstPosition ??= entry.Rank - 1 - i;
            if (entry.Rank - 1 - i != firstPosition || entries[0].Rank > firstPosition + 1)
                return $"ranks {above.Rank} then {entry.Rank} at index {i}";
        }

        return null;
    }

    private int CompareValue(RankedEntry a, RankedEntry b)
    {
        int byScore = a.Score != b.Score ? a.Score.CompareTo(b.Score) : a.Subscore.CompareTo(b.Subscore);
        return _descending ? -byScore : byScore;
    }

    private int Compare(RankedEntry a, RankedEntry b)
    {
        int byValue = CompareValue(a, b);
        if (byValue != 0)
            return byValue;
        return a.UpdatedAt != b.UpdatedAt ? a.UpdatedAt.CompareTo(b.UpdatedAt) : PlayerIds.CompareOrdinalUtf8(a.PlayerId, b.PlayerId);
    }

    private static string Describe(IReadOnlyList<RankedEntry> entries) =>
        "[" + string.Join(", ", entries.Select(e => $"#{e.Rank} {e.PlayerId} {e.Score}/{e.Subscore}")) + "]";
}
