using Leaderboards.Engine.Boards;

namespace Leaderboards.Engine.Tests.Support;

/// <summary>The specification of a board as a plain dictionary and a sort: slow, obvious, and the reference.</summary>
public sealed class BoardModel(BoardOptions options)
{
    public sealed record Entry(string PlayerId, long Score, long Subscore, long Time);

    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public int Count => _entries.Count;

    public void Submit(ScoreSubmission s, long time)
    {
        long subscore = s.Subscore ?? 0;
        if (!_entries.TryGetValue(s.PlayerId, out var old))
        {
            _entries[s.PlayerId] = new Entry(s.PlayerId, Clamp(s.Score), subscore, time);
            return;
        }

        Entry candidate = options.UpdatePolicy switch
        {
            UpdatePolicy.Sum => old with { Score = Clamp(SaturatingAdd(old.Score, s.Score)), Subscore = s.Subscore ?? old.Subscore },
            _ => old with { Score = s.Score, Subscore = subscore },
        };
        if (options.UpdatePolicy == UpdatePolicy.Best && CompareValue(candidate, old) >= 0)
            return;
        if (candidate.Score != old.Score || candidate.Subscore != old.Subscore)
            _entries[s.PlayerId] = candidate with { Time = time };
    }

    public bool Remove(string playerId) => _entries.Remove(playerId);

    public List<Entry> Sorted()
    {
        var list = _entries.Values.ToList();
        list.Sort(Compare);
        return list;
    }

    /// <summary>1-based ranks for the sorted list, in the board's rank mode.</summary>
    public List<(long Rank, Entry Entry)> Ranked()
    {
        var sorted = Sorted();
        var ranked = new List<(long, Entry)>(sorted.Count);
        for (int i = 0; i < sorted.Count; i++)
        {
            long rank = i + 1;
            if (options.RankMode == RankMode.Competition && i > 0 && CompareValue(sorted[i], sorted[i - 1]) == 0)
                rank = ranked[i - 1].Item1;
            ranked.Add((rank, sorted[i]));
        }

        return ranked;
    }

    public long CountInRange(long? min, long? max) =>
        _entries.Values.Count(e => (min is null || e.Score >= min) && (max is null || e.Score <= max));

    private int CompareValue(Entry a, Entry b)
    {
        int sign = options.Order == SortOrder.Descending ? -1 : 1;
        int c = a.Score.CompareTo(b.Score) * sign;
        return c != 0 ? c : a.Subscore.CompareTo(b.Subscore) * sign;
    }

    private int Compare(Entry a, Entry b)
    {
        int c = CompareValue(a, b);
        if (c != 0) return c;
        c = a.Time.CompareTo(b.Time);
        return c != 0 ? c : PlayerIds.CompareOrdinalUtf8(a.PlayerId, b.PlayerId);
    }

    private long Clamp(long score) =>
        options.MinScore is { } min && score < min ? min
        : options.MaxScore is { } max && score > max ? max
        : score;

    private static long SaturatingAdd(long a, long b)
    {
        long sum = unchecked(a + b);
        return ((a ^ sum) & (b ^ sum)) < 0 ? (a < 0 ? long.MinValue : long.MaxValue) : sum;
    }

    public static RankedEntry ToRanked(long rank, Entry e) =>
        new(rank, e.PlayerId, e.Score, e.Subscore, DateTimeOffset.FromUnixTimeMilliseconds(e.Time), null);
}
