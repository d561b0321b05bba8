using System.Text;
using Leaderboards.Engine.Boards.Internal;
using Leaderboards.Engine.Index;
using Leaderboards.Engine.Index.Internal;
using Leaderboards.Engine.Partitions;
using Leaderboards.Engine.Partitions.Internal;

namespace Leaderboards.Engine.Tests.Boards;

/// <summary>
/// Partition states filled at random against one sorted list of the whole board: the cursors, the lazy merge, the
/// position search and the leaf-scanning count must agree with the list, ties on score, subscore and time included.
/// </summary>
public sealed class PartitionMergerModelTests
{
    private sealed record ModelEntry(int Partition, string PlayerId, byte[] Id, long Score, long Subscore, long Time);

    [Theory]
    [InlineData(1, 1, 3_000, SortOrder.Descending)]
    [InlineData(2, 3, 3_000, SortOrder.Ascending)]
    [InlineData(3, 8, 6_000, SortOrder.Descending)]
    [InlineData(4, 8, 40, SortOrder.Ascending)]
    [InlineData(5, 5, 20_000, SortOrder.Descending)]
    public void MergeLocateAndCount_AgreeWithSortedList(int seed, int partitions, int players, SortOrder order)
    {
        var random = new Random(seed);
        var states = Enumerable.Range(0, partitions).Select(_ => new PartitionState(order)).ToArray();
        try
        {
            var model = Fill(states, random, players, order);
            var perPartition = Enumerable.Range(0, partitions).Select(q => model.Where(e => e.Partition == q).ToList()).ToArray();

            for (int probe = 0; probe < 60; probe++)
            {
                int offset = probe switch { 0 => 0, 1 => model.Count - 1, _ => random.Next(model.Count + 3) };
                int limit = random.Next(1, 250);
                var starts = new long[partitions];
                for (int q = 0; q < partitions; q++)
                    starts[q] = model.Take(offset).Count(e => e.Partition == q);

                var merged = PartitionMerger.Merge(states, starts, limit);
                var expected = model.Skip(offset).Take(limit).ToList();
                Assert.Equal(expected.Count, merged.Length);
                for (int i = 0; i < merged.Length; i++)
                {
                    var index = states[merged[i].Partition].Index;
                    Assert.Equal(expected[i].Partition, merged[i].Partition);
                    Assert.Equal(expected[i].PlayerId, Encoding.UTF8.GetString(index.Id(merged[i].Slot)));
                    Assert.Equal(states[0].Normalize(expected[i].Score), merged[i].K1);
                }

                if (offset < model.Count && partitions > 1)
                {
                    var counts = states.Select(s => s.CountUnlocked()).ToArray();
                    Assert.Equal(starts, PartitionMerger.Locate(states, new long[partitions], counts, offset));
                }

                // A cursor walks one partition from any local rank, in the list's order, and stops at its end.
                int p = random.Next(partitions);
                int from = random.Next(perPartition[p].Count + 2);
                var cursor = states[p].Index.CursorAt(from);
                foreach (var entry in perPartition[p].Skip(from))
                {
                    Assert.True(cursor.HasEntry);
                    Assert.Equal(entry.PlayerId, Encoding.UTF8.GetString(states[p].Index.Id(cursor.Slot)));
                    cursor.MoveNext();
                }

                Assert.False(cursor.HasEntry);
            }

            AssertCountsAgree(states, perPartition, random);
        }
        finally
        {
            foreach (var state in states)
                state.Dispose();
        }
    }

    /// <summary>The leaf-scanning count gives what CountLess and the list give, for entries' own keys and for score bounds.</summary>
    private static void AssertCountsAgree(PartitionState[] states, List<ModelEntry>[] perPartition, Random random)
    {
        var all = perPartition.SelectMany(l => l).ToList();
        for (int probe = 0; probe < 300; probe++)
        {
            var entry = all[random.Next(all.Count)];
            var state = states[0];
            long k1 = state.Normalize(entry.Score + random.Next(3) - 1);
            long k2 = state.Normalize(random.Next(3));
            for (int q = 0; q < states.Length; q++)
            {
                var index = states[q].Index;
                var own = new SearchKey(state.Normalize(entry.Score), state.Normalize(entry.Subscore), entry.Time, entry.Id);
                Assert.Equal(perPartition[q].TakeWhile(e => e != entry && Before(e, entry, state)).Count(), ScanCount(index, own));
                Assert.Equal(index.CountLess(own), ScanCount(index, own));
                var bound = SearchKey.Lowest(k1, k2);
                Assert.Equal(index.CountLess(bound), ScanCount(index, bound));
            }
        }
    }

    private static long ScanCount(OrderedIndex index, in SearchKey key) =>
        index.LeafFor(key, out long before) is { } leaf ? before + index.CountLessInLeaf(leaf, key) : 0;

    private static bool Before(ModelEntry a, ModelEntry b, PartitionState state) => Compare(a, b, state) < 0;

    private static int Compare(ModelEntry a, ModelEntry b, PartitionState state)
    {
        // The board's order in plain terms: the better score, then the better subscore, then the earlier time,
        // then the id's UTF-8 bytes; Normalize maps "better" onto "lower" whichever way the board sorts.
        int c = state.Normalize(a.Score).CompareTo(state.Normalize(b.Score));
        if (c != 0)
            return c;
        c = state.Normalize(a.Subscore).CompareTo(state.Normalize(b.Subscore));
        if (c != 0)
            return c;
        c = a.Time.CompareTo(b.Time);
        return c != 0 ? c : a.Id.AsSpan().SequenceCompareTo(b.Id);
    }

    /// <summary>Random upserts, removals and ties, spread over the states; returns the board's entries in rank order.</summary>
    private static List<ModelEntry> Fill(PartitionState[] states, Random random, int players, SortOrder order)
    {
        var entries = new Dictionary<string, ModelEntry>();
        int scoreRange = Math.Max(4, players / 8);
        for (int op = 0; op < players * 2; op++)
        {
            string id = random.Next(5) == 0 ? $"jö-{random.Next(players)}-ß" : $"p{random.Next(players)}";
            int partition = (int)((uint)id.GetHashCode(StringComparison.Ordinal) % (uint)states.Length);
            if (random.Next(10) == 0 && entries.Remove(id))
            {
                using (states[partition].Write())
                    states[partition].ApplyUnlocked(new ScoreChange(0, ChangeKind.Remove, id, 0, 0, 0, null));
                continue;
            }

            var entry = new ModelEntry(partition, id, Encoding.UTF8.GetBytes(id), random.Next(scoreRange), random.Next(3), random.Next(3));
            states[partition].Upsert(id, entry.Score, entry.Subscore, entry.Time, null);
            entries[id] = entry;
        }

        var state = new PartitionState(order);
        var sorted = entries.Values.ToList();
        sorted.Sort((a, b) => Compare(a, b, state));
        state.Dispose();
        return sorted;
    }
}
