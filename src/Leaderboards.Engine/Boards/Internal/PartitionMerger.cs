using Leaderboards.Engine.Index;
using Leaderboards.Engine.Partitions.Internal;

namespace Leaderboards.Engine.Boards.Internal;

/// <summary>
/// Answers board-wide order questions from partition states held in one <see cref="BoardCut"/>: the entry at a
/// global position by selecting across partitions, and a page by a lazy k-way merge over one cursor per partition.
/// The caller holds every state's read lock, so no state changes between two steps. Partition indexes all sort
/// ascending in the board's order (scores are normalised), so entries compare by their index keys.
/// </summary>
internal static class PartitionMerger
{
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

            var index = states[p].Index;
            var probe = index.CursorAt(mid);
            if (!probe.HasEntry)
            {
                hi[p] = mid;
                continue;
            }

            var key = index.KeyOf(probe.Slot, probe.K1);
            long total = 0;
            for (int q = 0; q < n; q++)
            {
                ahead[q] = q == p ? mid : states[q].Index.CountLessScanning(key);
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

    /// <summary>
    /// Up to <paramref name="limit"/> entries, best first, from each partition's start position on. Each partition is
    /// walked by a cursor, so a partition gives only as many entries as the merge takes from it.
    /// </summary>
    public static EntryRef[] Merge(PartitionState[] states, long[] starts, int limit)
    {
        int n = states.Length;
        var cursors = new OrderedIndex.Cursor[n];
        // The head keys of the partitions still in the merge, beside their partition numbers: the scan for the best
        // head reads one array of longs, and the tie-break fields only on equal primary keys.
        var heads = new long[n];
        var active = new int[n];
        int live = 0;
        for (int q = 0; q < n; q++)
        {
            cursors[q] = states[q].Index.CursorAt(starts[q]);
            if (cursors[q].HasEntry)
            {
                heads[live] = cursors[q].K1;
                active[live++] = q;
            }
        }

        var result = new EntryRef[limit];
        int count = 0;
        while (count < limit && live > 0)
        {
            int best = 0;
            for (int a = 1; a < live; a++)
            {
                if (heads[a] < heads[best]
                    || (heads[a] == heads[best] && states[active[a]].Index.CompareTie(cursors[active[a]].Slot, states[active[best]].Index, cursors[active[best]].Slot) < 0))
                    best = a;
            }

            int p = active[best];
            ref var cursor = ref cursors[p];
            result[count++] = new EntryRef(p, cursor.Slot, heads[best]);
            cursor.MoveNext();
            if (cursor.HasEntry)
            {
                heads[best] = cursor.K1;
            }
            else
            {
                // An exhausted partition leaves the merge; ties are broken by keys, so the order of the rest is free.
                live--;
                heads[best] = heads[live];
                active[best] = active[live];
            }
        }

        return count == limit ? result : result[..count];
    }
}
