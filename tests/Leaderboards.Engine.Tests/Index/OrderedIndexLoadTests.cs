using System.Text;
using Leaderboards.Engine.Index;
using Leaderboards.Engine.Index.Internal;

namespace Leaderboards.Engine.Tests.Index;

/// <summary>A tree built from staged changes equals one built by applying the same changes one at a time.</summary>
public sealed class OrderedIndexLoadTests
{
    [Theory]
    [InlineData(1, 20_000, 1_000_000, 3_000, 0)]
    [InlineData(2, 30_000, 5, 2_000, 0)]
    [InlineData(3, 60_000, 200, 20_000, 500)]
    [InlineData(4, 5_000, 3, 50, 0)]
    public void StagedChanges_BuildTheTreeThatInsertsBuild(int seed, int operations, int keyRange, int memberRange, int builtFirst)
    {
        var random = new Random(seed);
        var inserted = new OrderedIndex();
        var staged = new OrderedIndex();
        for (int op = 0; op < operations; op++)
        {
            byte[] id = Encoding.UTF8.GetBytes("p" + random.Next(memberRange));
            long k1 = random.Next(keyRange) - keyRange / 2, k2 = random.Next(3), time = random.Next(4);
            int action = random.Next(100);
            bool stage = op >= builtFirst;
            if (action == 0)
            {
                inserted.Clear();
                staged.Clear();
            }
            else if (action < 25)
            {
                Remove(inserted, id);
                if (stage)
                    staged.StageRemove(id);
                else
                    Remove(staged, id);
            }
            else
            {
                Upsert(inserted, id, k1, k2, time);
                if (stage)
                    staged.StageUpsert(id, k1, k2, time, null);
                else
                    Upsert(staged, id, k1, k2, time);
            }
        }

        Assert.Equal(operations > builtFirst, staged.IsStaged || staged.Count == 0);
        staged.BuildStaged();
        Assert.False(staged.IsStaged);
        staged.CheckInvariants();
        AssertSame(inserted, staged);

        // The built tree takes ordinary changes like any other.
        for (int op = 0; op < 5_000; op++)
        {
            byte[] id = Encoding.UTF8.GetBytes("p" + random.Next(memberRange));
            long k1 = random.Next(keyRange), k2 = random.Next(3), time = random.Next(4);
            if (random.Next(4) == 0)
            {
                Remove(inserted, id);
                Remove(staged, id);
            }
            else
            {
                Upsert(inserted, id, k1, k2, time);
                Upsert(staged, id, k1, k2, time);
            }
        }

        staged.CheckInvariants();
        AssertSame(inserted, staged);
    }

    [Fact]
    public void RankOrderedLoad_FillsEveryLeaf_AndBuildsSeveralLevels()
    {
        const int n = 300_000;
        var index = new OrderedIndex();
        for (int i = 0; i < n; i++)
            index.StageUpsert(Encoding.UTF8.GetBytes(i.ToString("D12", System.Globalization.CultureInfo.InvariantCulture)), i / 3, 0, 7, null);
        index.BuildStaged();
        index.CheckInvariants();

        int leaves = 0;
        for (var leaf = index.First; leaf is not null; leaf = leaf.Next)
            leaves++;
        Assert.Equal((n + LeafNode.Capacity - 1) / LeafNode.Capacity, leaves);
        Assert.Equal((99_999L, 299_999L), index.Locate(index.FindSlot("000000299999"u8)));
        var (at, pos) = index.Select(150_000);
        Assert.True(index.Id(at.Slots[pos]).SequenceEqual("000000150000"u8));
        Assert.Equal(3_000, index.CountLess(SearchKey.Lowest(1_000)));
    }

    [Fact]
    public void AnIdStagedAgainInRankOrder_KeepsItsLastValues()
    {
        // Ascending keys throughout, so only the repeated ids keep the build from taking the staged slots as rank order.
        var index = new OrderedIndex();
        for (int i = 0; i < 1_000; i++)
            index.StageUpsert(Encoding.UTF8.GetBytes("m" + (i % 700)), i, 0, 0, i % 700 == 5 ? [(byte)i] : null);
        index.BuildStaged();
        index.CheckInvariants();

        Assert.Equal(700, index.Count);
        Assert.Equal((705L, 405L), index.Locate(index.FindSlot("m5"u8)));
        Assert.Equal(new byte[] { unchecked((byte)705) }, index.Metadata(index.FindSlot("m5"u8)));
        Assert.Equal((699L, 399L), index.Locate(index.FindSlot("m699"u8)));
        Assert.Equal((700L, 400L), index.Locate(index.FindSlot("m0"u8)));
    }

    [Fact]
    public void ALogUpdatingTheSameMembers_StagesToTheLastUpdateOfEach()
    {
        var random = new Random(11);
        var staged = new OrderedIndex();
        var inserted = new OrderedIndex();
        var last = new Dictionary<int, long>();
        for (int op = 0; op < 40_000; op++)
        {
            int member = random.Next(3_000);
            long k1 = random.Next(1_000_000);
            byte[] id = Encoding.UTF8.GetBytes("player-" + member);
            staged.StageUpsert(id, k1, 0, op, null);
            Upsert(inserted, id, k1, 0, op);
            last[member] = k1;
        }

        staged.BuildStaged();
        staged.CheckInvariants();
        AssertSame(inserted, staged);
        foreach (var (member, k1) in last)
            Assert.Equal(k1, staged.Locate(staged.FindSlot(Encoding.UTF8.GetBytes("player-" + member))).K1);
    }

    [Fact]
    public void AnIdStagedAgainAfterBeingPlaced_ReplacesItsEarlierSlot()
    {
        var index = new OrderedIndex();
        for (int i = 0; i < 10; i++)
            index.StageUpsert(Encoding.UTF8.GetBytes("m" + i), i, 0, 0, null);
        // A removal looks up its id, which places the ten staged members.
        index.StageRemove("absent"u8);
        // The 11th slot is not one a sampled lookup checks, so m3 is appended again and settled when placed.
        index.StageUpsert("m3"u8, 50, 0, 9, [7]);
        index.BuildStaged();
        index.CheckInvariants();

        Assert.Equal(10, index.Count);
        int slot = index.FindSlot("m3"u8);
        Assert.Equal((50L, 9L), index.Locate(slot));
        Assert.Equal(9, index.Time(slot));
        Assert.Equal(new byte[] { 7 }, index.Metadata(slot));
    }

    [Fact]
    public void ALogTailUpdatingPlacedMembers_UpdatesThemInPlace()
    {
        var staged = new OrderedIndex();
        var inserted = new OrderedIndex();
        for (int i = 0; i < 5_000; i++)
        {
            byte[] id = Encoding.UTF8.GetBytes("p" + i);
            staged.StageUpsert(id, i, 0, 0, null);
            Upsert(inserted, id, i, 0, 0);
        }

        staged.StageRemove("absent"u8);
        var random = new Random(5);
        for (int op = 0; op < 50_000; op++)
        {
            byte[] id = Encoding.UTF8.GetBytes("p" + random.Next(5_000));
            long k1 = random.Next(1_000_000);
            staged.StageUpsert(id, k1, 0, op, null);
            Upsert(inserted, id, k1, 0, op);
        }

        staged.BuildStaged();
        staged.CheckInvariants();
        AssertSame(inserted, staged);
        // A sampled lookup found a placed member within the first appends, so the rest took no slot of their own.
        Assert.True(staged.SlotsInUse < 5_100, $"{staged.SlotsInUse} slots for 5,000 members");
    }

    [Fact]
    public void ALogRepeatingFewMembers_HoldsABoundedNumberOfSlots()
    {
        var staged = new OrderedIndex(0, minUnindexedBatch: 64);
        var inserted = new OrderedIndex();
        var random = new Random(8);
        for (int op = 0; op < 20_000; op++)
        {
            byte[] id = Encoding.UTF8.GetBytes("q" + random.Next(300));
            long k1 = random.Next(1_000);
            staged.StageUpsert(id, k1, 0, op % 5, op % 7 == 0 ? [(byte)op] : null);
            Upsert(inserted, id, k1, 0, op % 5);
        }

        staged.BuildStaged();
        staged.CheckInvariants();
        AssertSame(inserted, staged);
        Assert.True(staged.SlotsInUse <= 300 + 2 * 64, $"{staged.SlotsInUse} slots for 300 members");
    }

    [Fact]
    public void OnePlayersRisingScores_DoNotPassForRankOrder()
    {
        var staged = new OrderedIndex(0, minUnindexedBatch: 64);
        for (int i = 0; i < 10_000; i++)
            staged.StageUpsert("solo"u8, i, 0, 0, null);
        staged.BuildStaged();
        staged.CheckInvariants();

        Assert.Equal(1, staged.Count);
        Assert.Equal((9_999L, 0L), staged.Locate(staged.FindSlot("solo"u8)));
        Assert.True(staged.SlotsInUse <= 1 + 2 * 64, $"{staged.SlotsInUse} slots for one player");
    }

    [Fact]
    public void AMillionMembersOutOfOrder_AreSortedIntoRankOrder()
    {
        const int n = 1_100_000;
        var random = new Random(21);
        var keys = new long[n];
        var index = new OrderedIndex();
        for (int i = 0; i < n; i++)
        {
            // Few distinct keys, so that ties across the two halves are broken by id.
            keys[i] = random.Next(50_000);
            index.StageUpsert(Encoding.UTF8.GetBytes(i.ToString("D8", System.Globalization.CultureInfo.InvariantCulture)), keys[i], 0, 0, null);
        }

        index.BuildStaged();
        index.CheckInvariants();

        var order = Enumerable.Range(0, n).OrderBy(i => keys[i]).ThenBy(i => i).ToArray();
        for (int rank = 0; rank < n; rank += 997)
        {
            int member = order[rank];
            int slot = index.FindSlot(Encoding.UTF8.GetBytes(member.ToString("D8", System.Globalization.CultureInfo.InvariantCulture)));
            Assert.Equal((keys[member], (long)rank), index.Locate(slot));
        }
    }

    [Fact]
    public void ABuiltIndex_GrowsPastTheTrimmedEndsOfItsTables()
    {
        // 20,000 members end partway through a second page of every per-slot table and partway through an id chunk.
        var index = new OrderedIndex();
        for (int i = 0; i < 20_000; i++)
            index.StageUpsert(Encoding.UTF8.GetBytes("member-" + i), i, 0, i - 10_000, null);
        index.BuildStaged();
        for (int i = 20_000; i < 120_000; i++)
            index.Add(Encoding.UTF8.GetBytes("member-" + i), i, 0, i - 10_000, null);
        index.CheckInvariants();

        for (int i = 0; i < 120_000; i += 7)
        {
            int slot = index.FindSlot(Encoding.UTF8.GetBytes("member-" + i));
            Assert.Equal((i, (long)i), index.Locate(slot));
            Assert.Equal(i - 10_000, index.Time(slot));
            Assert.True(index.Id(slot).SequenceEqual(Encoding.UTF8.GetBytes("member-" + i)));
        }
    }

    [Fact]
    public void Reads_RefuseAStagedIndex_AndWritesBuildItFirst()
    {
        var index = new OrderedIndex();
        index.StageUpsert("a"u8, 5, 0, 0, null);
        index.StageUpsert("b"u8, 3, 0, 0, null);
        Assert.Throws<InvalidOperationException>(() => index.CountLess(SearchKey.Lowest(4)));
        Assert.Throws<InvalidOperationException>(() => index.Locate(index.FindSlot("a"u8)));

        index.Update(index.FindSlot("b"u8), 9, 0, 0);
        Assert.False(index.IsStaged);
        Assert.Equal((9L, 1L), index.Locate(index.FindSlot("b"u8)));
        index.CheckInvariants();
    }

    private static void Upsert(OrderedIndex index, byte[] id, long k1, long k2, long time)
    {
        int slot = index.FindSlot(id);
        if (slot < 0)
            index.Add(id, k1, k2, time, null);
        else
            index.Update(slot, k1, k2, time);
    }

    private static void Remove(OrderedIndex index, byte[] id)
    {
        int slot = index.FindSlot(id);
        if (slot >= 0)
            index.Remove(slot);
    }

    private static void AssertSame(OrderedIndex expected, OrderedIndex actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        var a = expected.First;
        var b = actual.First;
        int pa = 0, pb = 0;
        for (long rank = 0; rank < expected.Count; rank++)
        {
            if (pa == a!.Count)
                (a, pa) = (a.Next, 0);
            if (pb == b!.Count)
                (b, pb) = (b.Next, 0);
            int sa = a!.Slots[pa], sb = b!.Slots[pb];
            Assert.Equal(a.Keys[pa], b!.Keys[pb]);
            Assert.Equal(expected.K2(sa), actual.K2(sb));
            Assert.Equal(expected.Time(sa), actual.Time(sb));
            Assert.True(expected.Id(sa).SequenceEqual(actual.Id(sb)), $"ids differ at rank {rank}");
            Assert.Equal(rank, actual.Locate(sb).Rank);
            pa++;
            pb++;
        }
    }
}
