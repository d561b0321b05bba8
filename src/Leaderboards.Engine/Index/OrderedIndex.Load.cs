using System.Runtime.CompilerServices;
using Leaderboards.Engine.Index.Internal;

namespace Leaderboards.Engine.Index;

// Staged loading, for recovery: changes land in the member table only (the last one per member wins, removes and
// clears take members out), and the tree is built once, in rank order, from whatever is left. Applying a long stream
// of recorded changes this way costs a hash probe per change and one sort, instead of a tree descent per change.
internal sealed partial class OrderedIndex
{
    // From this many staged members a build sorts them by radix rather than by comparison.
    private const int RadixSortFrom = 1 << 12;

    // The primary key of each staged slot; null when the tree is current.
    private ChunkedArray<long>? _stagedK1;

    // True while the staged members are new ones in slots 0, 1, 2... with ascending keys (a snapshot's rank-ordered
    // entries): slot order is then rank order and the build needs no sort.
    private bool _stagedInSlotOrder;

    /// <summary>True while staged changes wait for <see cref="BuildStaged"/>; rank and range reads need it built first.</summary>
    public bool IsStaged => _stagedK1 is not null;

    /// <summary>Stages the member's entry with exactly these values, added or replaced.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void StageUpsert(ReadOnlySpan<byte> id, long k1, long k2, long time, byte[]? metadata)
    {
        var k1s = EnterStaged();
        // A new slot unless the id is looked up: an id appended twice is settled when the table places them (the later wins).
        if (_members.TryAppendUnindexed(id, _stagedInSlotOrder, out int slot))
        {
            // An id repeated right after itself (one player's rising scores) ends rank order even when its key rises.
            _stagedInSlotOrder = _stagedInSlotOrder
                && (slot == 0 || (Compare(new SearchKey(k1, k2, time, id), k1s[slot - 1], slot - 1) > 0 && !_members.Id(slot - 1).SequenceEqual(id)));
        }
        else if ((slot = _members.Find(id)) < 0)
        {
            slot = _members.Add(id);
            _stagedInSlotOrder = _stagedInSlotOrder && slot == _members.Count - 1
                && (slot == 0 || Compare(new SearchKey(k1, k2, time, id), k1s[slot - 1], slot - 1) > 0);
        }
        else
        {
            _stagedInSlotOrder = false;
        }

        _members.SetTieBreak(slot, k2, time);
        _members.SetMetadata(slot, metadata);
        k1s.EnsureCapacity(slot + 1);
        k1s[slot] = k1;
    }

    /// <summary>Stages the member's removal; nothing happens when it is absent.</summary>
    public void StageRemove(ReadOnlySpan<byte> id)
    {
        EnterStaged();
        int slot = _members.Find(id);
        if (slot >= 0)
        {
            _members.Remove(slot);
            _stagedInSlotOrder = false;
        }
    }

    /// <summary>Builds the tree from the staged members: sorted once, leaves filled completely, inner levels bottom-up.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void BuildStaged()
    {
        if (_stagedK1 is not { } k1s)
            return;
        _stagedK1 = null;
        _members.IndexAppended();
        int n = _members.Count;
        if (n == 0)
            return;

        // Both are written whole below: no need to clear them first.
        var slots = GC.AllocateUninitializedArray<int>(n);
        var keys = GC.AllocateUninitializedArray<long>(n);
        // In slot order only while every slot is live: an id appended twice freed its earlier slot.
        if (_stagedInSlotOrder && _members.SlotsInUse == n)
        {
            for (int i = 0; i < n; i++)
                (slots[i], keys[i]) = (i, k1s[i]);
        }
        else
        {
            _members.CopyLiveSlots(slots);
            for (int i = 0; i < n; i++)
                keys[i] = k1s[slots[i]];
            (keys, slots) = SortByKey(keys, slots);
        }

        var level = new List<Node>((n + LeafNode.Capacity - 1) / LeafNode.Capacity);
        var counts = new List<int>(level.Capacity);
        var firstLeaves = new List<LeafNode>(level.Capacity);
        LeafNode? previous = null;
        for (int start = 0; start < n; start += LeafNode.Capacity)
        {
            int count = Math.Min(LeafNode.Capacity, n - start);
            var leaf = NewLeaf();
            Array.Copy(keys, start, leaf.Keys, 0, count);
            Array.Copy(slots, start, leaf.Slots, 0, count);
            leaf.Count = count;
            for (int i = 0; i < count; i++)
                _members.LeafOf(slots[start + i]) = leaf.Id;
            leaf.Prev = previous;
            if (previous is null)
                First = leaf;
            else
                previous.Next = leaf;
            previous = leaf;
            level.Add(leaf);
            counts.Add(count);
            firstLeaves.Add(leaf);
        }

        while (level.Count > 1)
            (level, counts, firstLeaves) = BuildInnerLevel(level, counts, firstLeaves);
        _root = level[0];
        _members.TrimAfterLoad();
    }

    /// <summary>The keys in order with their slots, ties broken in full; the arrays given may be reused for the answer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private (long[] Keys, int[] Slots) SortByKey(long[] keys, int[] slots)
    {
        // Sorting on the primary key alone is a primitive sort; only runs of equal keys need the full tie-break.
        if (keys.Length >= RadixSortFrom)
            (keys, slots) = RadixSort.Sort(keys, slots);
        else
            Array.Sort(keys, slots);
        for (int start = 0; start < keys.Length;)
        {
            int end = start + 1;
            while (end < keys.Length && keys[end] == keys[start])
                end++;
            if (end - start > 1)
                slots.AsSpan(start, end - start).Sort(CompareTieBreak);
            start = end;
        }

        return (keys, slots);
    }

    /// <summary>Groups one level's nodes under full inner nodes; a separator is the lowest key under its child.</summary>
    private (List<Node>, List<int>, List<LeafNode>) BuildInnerLevel(List<Node> children, List<int> counts, List<LeafNode> firstLeaves)
    {
        int parents = (children.Count + InnerNode.Capacity - 1) / InnerNode.Capacity;
        var level = new List<Node>(parents);
        var levelCounts = new List<int>(parents);
        var levelFirsts = new List<LeafNode>(parents);
        for (int start = 0; start < children.Count; start += InnerNode.Capacity)
        {
            var inner = new InnerNode { Count = Math.Min(InnerNode.Capacity, children.Count - start) };
            long total = 0;
            for (int i = 0; i < inner.Count; i++)
            {
                var child = children[start + i];
                child.Parent = inner;
                inner.Children[i] = child;
                inner.Counts[i] = counts[start + i];
                total += counts[start + i];
                if (i > 0)
                    inner.Separators[i] = SeparatorOf(firstLeaves[start + i], 0);
            }

            level.Add(inner);
            levelCounts.Add(checked((int)total));
            levelFirsts.Add(firstLeaves[start]);
        }

        return (level, levelCounts, levelFirsts);
    }

    /// <summary>Orders two slots with equal primary keys by subscore, time, then id.</summary>
    private int CompareTieBreak(int a, int b) => CompareTie(a, this, b);

    /// <summary>Turns the tree into staged members (their primary keys kept aside) and drops it, once.</summary>
    private ChunkedArray<long> EnterStaged()
    {
        if (_stagedK1 is { } staged)
            return staged;
        _stagedInSlotOrder = Count == 0 && _members.SlotsInUse == 0;
        var k1s = new ChunkedArray<long>();
        for (var leaf = First; leaf is not null; leaf = leaf.Next)
        {
            for (int i = 0; i < leaf.Count; i++)
            {
                k1s.EnsureCapacity(leaf.Slots[i] + 1);
                k1s[leaf.Slots[i]] = leaf.Keys[i];
            }
        }

        _leaves.Clear();
        _freeLeafIds.Clear();
        _root = null;
        First = null;
        _stagedK1 = k1s;
        return k1s;
    }

    private void ThrowIfStaged()
    {
        if (_stagedK1 is not null)
            throw new InvalidOperationException("The index holds staged changes: build it before reading ranks.");
    }
}
