using Leaderboards.Engine.Partitions;

namespace Leaderboards.Engine.Boards.Internal;

/// <summary>
/// Answers board-wide order questions from partition answers: the entry at a global rank by selecting
/// across partitions, and a page by a k-way merge that reads each partition in small chunks.
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
    /// For a global 0-based position, how many entries of each partition rank ahead of the entry there.
    /// Probes one partition's entry at a time and counts what ranks ahead of it everywhere, narrowing
    /// each partition's candidate range; no partition is read beyond single entries.
    /// </summary>
    public async ValueTask<long[]> LocateAsync(IPartitionReader[] readers, long[] counts, long target, CancellationToken ct)
    {
        int n = readers.Length;
        var lo = new long[n];
        var hi = (long[])counts.Clone();
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

            var probe = await readers[p].RangeAsync(mid, 1, ct).ConfigureAwait(false);
            if (probe.Count == 0)
            {
                hi[p] = mid;
                continue;
            }

            var key = probe[0].Key;
            long total = 0;
            for (int q = 0; q < n; q++)
            {
                ahead[q] = q == p ? mid : await readers[q].CountAheadAsync(key, ct).ConfigureAwait(false);
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

        // Reached only when concurrent writes moved entries between probes: the nearest consistent start.
        for (int q = 0; q < n; q++)
            lo[q] = Math.Min(lo[q], counts[q]);
        return lo;
    }

    /// <summary>Merges up to <paramref name="limit"/> entries from each partition's start position, best first.</summary>
    public async ValueTask<List<PartitionEntry>> MergeAsync(IPartitionReader[] readers, long[] starts, int limit, CancellationToken ct)
    {
        int n = readers.Length;
        var result = new List<PartitionEntry>(limit);
        if (n == 1)
        {
            result.AddRange(await readers[0].RangeAsync(starts[0], limit, ct).ConfigureAwait(false));
            return result;
        }

        int chunk = Math.Min(limit, Math.Max(8, limit * 2 / n + 4));
        var buffers = new IReadOnlyList<PartitionEntry>[n];
        var positions = new int[n];
        var exhausted = new bool[n];
        for (int q = 0; q < n; q++)
        {
            buffers[q] = await readers[q].RangeAsync(starts[q], chunk, ct).ConfigureAwait(false);
            exhausted[q] = buffers[q].Count < chunk;
        }

        while (result.Count < limit)
        {
            int best = -1;
            for (int q = 0; q < n; q++)
            {
                if (positions[q] == buffers[q].Count)
                {
                    if (exhausted[q] || buffers[q].Count == 0)
                        continue;
                    // Continue after the last key seen, not at a position: a concurrent write cannot
                    // make this partition's stream go backwards.
                    var next = await readers[q].RangeAfterAsync(buffers[q][^1].Key, chunk, ct).ConfigureAwait(false);
                    exhausted[q] = next.Count < chunk;
                    buffers[q] = next;
                    positions[q] = 0;
                    if (next.Count == 0)
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
