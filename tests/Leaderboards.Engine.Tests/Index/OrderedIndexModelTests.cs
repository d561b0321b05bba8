using System.Text;
using Leaderboards.Engine.Index;
using Leaderboards.Engine.Index.Internal;

namespace Leaderboards.Engine.Tests.Index;

/// <summary>Random operation sequences against a sorted list; every query must agree with the list.</summary>
public sealed class OrderedIndexModelTests
{
    private sealed record ModelEntry(long K1, long K2, long Time, byte[] Id);

    private static int CompareModel(ModelEntry a, ModelEntry b)
    {
        int c = a.K1.CompareTo(b.K1);
        if (c != 0) return c;
        c = a.K2.CompareTo(b.K2);
        if (c != 0) return c;
        c = a.Time.CompareTo(b.Time);
        return c != 0 ? c : a.Id.AsSpan().SequenceCompareTo(b.Id);
    }

    [Theory]
    [InlineData(1, 3_000, 5, 50)]
    [InlineData(2, 20_000, 1_000_000, 400)]
    [InlineData(3, 20_000, 3, 2_000)]
    [InlineData(4, 60_000, 100, 5_000)]
    [InlineData(5, 20_000, 60, 250, true)]
    [InlineData(6, 60_000, 20, 2_000, true)]
    public void RandomOperations_AgreeWithSortedListModel(int seed, int operations, int keyRange, int memberRange, bool risingTime = false)
    {
        var random = new Random(seed);
        var index = new OrderedIndex();
        var model = new List<ModelEntry>();
        var byId = new Dictionary<string, ModelEntry>();
        var comparer = Comparer<ModelEntry>.Create(CompareModel);

        for (int op = 0; op < operations; op++)
        {
            string name = "p" + random.Next(memberRange);
            byte[] id = Encoding.UTF8.GetBytes(name);
            long time = risingTime ? op / 2 : random.Next(4);
            var entry = new ModelEntry(random.Next(keyRange) - keyRange / 2, random.Next(3), time, id);
            int action = random.Next(10);
            if (byId.TryGetValue(name, out var existing))
            {
                model.RemoveAt(model.BinarySearch(existing, comparer));
                int slot = index.FindSlot(id);
                if (action < 3)
                {
                    index.Remove(slot);
                    byId.Remove(name);
                    continue;
                }

                index.Update(slot, entry.K1, entry.K2, entry.Time);
            }
            else
            {
                index.Add(id, entry.K1, entry.K2, entry.Time, null);
            }

            byId[name] = entry;
            int at = model.BinarySearch(entry, comparer);
            model.Insert(~at, entry);

            if (op % 997 == 0)
                AssertAgrees(index, model, random);
        }

        AssertAgrees(index, model, random);

        // Drain everything: merges and root collapses must keep the structure sound.
        foreach (var entry in model.OrderBy(_ => random.Next()).ToList())
        {
            index.Remove(index.FindSlot(entry.Id));
            model.RemoveAt(model.BinarySearch(entry, comparer));
            if (model.Count % 1_009 == 0)
                AssertAgrees(index, model, random);
        }

        Assert.Equal(0, index.Count);
        index.CheckInvariants();
    }

    [Fact]
    public void AscendingAndDescendingStreams_FillLeavesCompletely()
    {
        var index = new OrderedIndex();
        for (int i = 0; i < 10_000; i++)
            index.Add(Encoding.UTF8.GetBytes("a" + i), i, 0, 0, null);
        for (int i = 0; i < 10_000; i++)
            index.Add(Encoding.UTF8.GetBytes("d" + i), -i - 1, 0, 0, null);
        index.CheckInvariants();

        int leaves = 0;
        for (var leaf = index.First; leaf is not null; leaf = leaf.Next)
            leaves++;
        Assert.True(leaves <= 20_000 / LeafNode.Capacity + 2, $"{leaves} leaves for 20,000 entries");
        Assert.Equal(-10_000, index.Locate(index.FindSlot("d9999"u8)).K1);
        Assert.Equal(0, index.Locate(index.FindSlot("d9999"u8)).Rank);
        Assert.Equal(19_999, index.Locate(index.FindSlot("a9999"u8)).Rank);
    }

    private static void AssertAgrees(OrderedIndex index, List<ModelEntry> model, Random random)
    {
        index.CheckInvariants();
        Assert.Equal(model.Count, index.Count);

        int i = 0;
        for (var leaf = index.First; leaf is not null; leaf = leaf.Next)
        {
            for (int p = 0; p < leaf.Count; p++, i++)
            {
                Assert.Equal(model[i].K1, leaf.Keys[p]);
                Assert.True(index.Id(leaf.Slots[p]).SequenceEqual(model[i].Id));
            }
        }

        Assert.Equal(model.Count, i);
        for (int probe = 0; probe < 50 && model.Count > 0; probe++)
        {
            int r = random.Next(model.Count);
            var expected = model[r];
            int slot = index.FindSlot(expected.Id);
            Assert.Equal((expected.K1, (long)r), index.Locate(slot));
            Assert.Equal(expected.K2, index.K2(slot));
            Assert.Equal(expected.Time, index.Time(slot));

            var (selLeaf, selPos) = index.Select(r);
            Assert.Equal(slot, selLeaf.Slots[selPos]);

            long k1 = expected.K1 + random.Next(3) - 1;
            long k2 = random.Next(4) - 1;
            long lessK1 = model.Count(e => e.K1 < k1);
            Assert.Equal(lessK1, index.CountLess(SearchKey.Lowest(k1)));
            long lessK1K2 = model.Count(e => e.K1 < k1 || (e.K1 == k1 && e.K2 < k2));
            Assert.Equal(lessK1K2, index.CountLess(SearchKey.Lowest(k1, k2)));
        }
    }
}
