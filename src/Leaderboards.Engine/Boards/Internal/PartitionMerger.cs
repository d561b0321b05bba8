using Leaderboards.Engine.Partitions;
using Leaderboards.Engine.Partitions.Internal;

namespace Leaderboards.Engine.Boards.Internal;

/// <summary>
/// Answers board-wide order questions from partition states held in one <see cref="BoardCut"/>: the entry at a
/// global position by selecting across partitions, and a page by a k-way merge that reads each partition in small
/// chunks. The caller holds every state's read lock, so no state changes between two steps.
/// </summary>
internal sealed class PartitionMerger(SortOrder order)
{
    private readonly bool _descending = order == SortOrder.Descending;

    public int Compare(PartitionEntry a, PartitionEntry b)
    {
        if (a.Score != b.Score)
            return (a.Score < b.Score) ^ _descending ? -1 : 1;
        if (a.Subscore != b.Subscore)
            return (a.Subscore < b.Subscore) ^ _descending ? -1 : 1;
        if (a.Time != b.Time)
            return a.Time < b.Time ? -1 : 1;
        return PlayerIds.CompareOrdinalUtf8(a.PlayerId, b.PlayerId);
    }

    /// <summary>
    /// For a global 0-based position, how many entries of each partition rank ahead of the entry there. Each
    /// partition's answer is known to lie in [lo, hi) (its whole count when nothing narrower is known; the arrays
    /// are narrowed in place). Probes one partition's entry at a time and counts what ranks ahead of it everywhere,
    /// narrowing each partition's range; no partition is read beyond single entries.
    /// </summary>
    public static long[] Locate(PartitionState[] states, long[] lo, long[] hi, long target)
    {
        int n = states.Length;
        var ahead = new long[n];
        for (int round = 0; round < 128 * n + 64; round++)
        {
            int p = -1;
            long width = 0, widthSum = 0, loSum = 0;
            for (int q = 0; q < n; q++)
            {
                long w = Math.Max(0, hi[q] - lo[q]);
                widthSum += w;
                loSum += Math.Min(lo[q], hi[q]);
                if (w > width)
                {
                    width = w;
                    p = q;
                }
            }

            if (p < 0)
                break;

            // Interpolate where the target should fall in this partition; every other round bisect,
            // so skewed partitions still converge in O(log n) rounds.
            long mid = lo[p] + width / 2;
            if (round % 2 == 0 && widthSum > 0)
            {
                long guess = lo[p] + (long)((double)(target - loSum) * width / widthSum);
                mid = Math.Clamp(guess, lo[p], hi[p] - 1);
            }

            var probe = states[p].RangeUnlocked(mid, 1);
            if (probe.Length == 0)
            {
                hi[p] = mid;
                continue;
            }

            var key = probe[0].Key;
            long total = 0;
            for (int q = 0; q < n; q++)
            {
                ahead[q] = q == p ? mid : states[q].CountAheadUnlocked(key);
                total += ahead[q];
            }

            if (total == target)
                return ahead;
            if (total < target)
            {
                for (int q = 0; q < n; q++)
                    lo[q] = Math.Max(lo[q], q == p ? mid + 1 : ahead[q]);
            }
            else
            {
                for (int q = 0; q < n; q++)
                    hi[q] = Math.Min(hi[q], ahead[q]);
            }
        }

        // The states cannot change under the cut, so the entry at the target is always found: this is a bug.
        throw new InvalidOperationException($"No entry found at position {target} in a board of unchanging partitions.");
    }

    /// <summary>Merges up to <paramref name="limit"/> entries from each partition's start position, best first.</summary>
    public IReadOnlyList<PartitionEntry> Merge(PartitionState[] states, long[] starts, int limit)
    {
        int n = states.Length;
        if (n == 1)
            return states[0].RangeUnlocked(starts[0], limit);

        var result = new List<PartitionEntry>(limit);
        int chunk = Math.Min(limit, Math.Max(8, limit * 2 / n + 4));
        var buffers = new PartitionEntry[n][];
        var positions = new int[n];
        // The local rank each partition's next chunk starts at: the states do not move under the cut.
        var next = new long[n];
        for (int q = 0; q < n; q++)
        {
            buffers[q] = states[q].RangeUnlocked(starts[q], chunk);
            next[q] = starts[q] + buffers[q].Length;
        }

        while (result.Count < limit)
        {
            int best = -1;
            for (int q = 0; q < n; q++)
            {
                if (positions[q] == buffers[q].Length)
                {
                    // A short chunk was the partition's last.
                    if (buffers[q].Length < chunk)
                        continue;
                    buffers[q] = states[q].RangeUnlocked(next[q], chunk);
                    next[q] += buffers[q].Length;
                    positions[q] = 0;
                    if (buffers[q].Length == 0)
                        continue;
                }

                if (best < 0 || Compare(buffers[q][positions[q]], buffers[best][positions[best]]) < 0)
                    best = q;
            }

            if (best < 0)
                break;
            result.Add(buffers[best][positions[best]++]);
        }

        return result;
    }
}
