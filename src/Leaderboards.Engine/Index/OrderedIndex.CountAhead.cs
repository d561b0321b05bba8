using System.Runtime.Intrinsics;
using Leaderboards.Engine.Index.Internal;

namespace Leaderboards.Engine.Index;

// Counting below a key in a partition other than the player's own (a board rank counts ahead of the key in each of
// them). Such a count walks from the root to a leaf that is mostly cold, and a binary search in a cold leaf waits for
// one cache line per probe, one after another. The leaf is counted instead by a branch-free scan: its loads do not
// depend on each other, so the leaf's lines are fetched together.
internal sealed partial class OrderedIndex
{
    /// <summary>How many entries sort strictly below <paramref name="key"/>: the answer of <see cref="CountLess"/>.</summary>
    public long CountLessScanning(in SearchKey key)
    {
        ThrowIfStaged();
        return LeafFor(key, out long before) is { } leaf ? before + CountLessInLeaf(leaf, key) : 0;
    }

    /// <summary>
    /// The leaf under which <paramref name="key"/> falls and how many entries lie in the leaves before it, or null
    /// when the index is empty. <see cref="CountLessInLeaf"/> finishes the count.
    /// </summary>
    public LeafNode? LeafFor(in SearchKey key, out long before)
    {
        before = 0;
        Node? node = _root;
        if (node is null)
            return null;
        while (node is InnerNode inner)
        {
            int child = ChildFor(inner, key);
            var counts = inner.Counts;
            for (int i = 0; i < child; i++)
                before += counts[i];
            node = inner.Children[child];
        }

        return (LeafNode)node;
    }

    /// <summary>How many entries of <paramref name="leaf"/> (from <see cref="LeafFor"/> with the same key) sort strictly below <paramref name="key"/>.</summary>
    public int CountLessInLeaf(LeafNode leaf, in SearchKey key)
    {
        var keys = leaf.Keys.AsSpan(0, leaf.Count);
        int below = CountBelow(keys, key.K1);
        // Entries with an equal primary key follow those below it; only they need the full comparison.
        while (below < keys.Length && keys[below] == key.K1 && Compare(key, key.K1, leaf.Slots[below]) > 0)
            below++;
        return below;
    }

    /// <summary>How many of the ascending <paramref name="keys"/> are below <paramref name="k1"/>, without a branch on the data.</summary>
    private static int CountBelow(ReadOnlySpan<long> keys, long k1)
    {
        int i = 0;
        long count = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var target = Vector256.Create(k1);
            var sum = Vector256<long>.Zero;
            // A true lane is all ones, -1: subtracting the comparison counts it.
            for (; i + Vector256<long>.Count <= keys.Length; i += Vector256<long>.Count)
                sum -= Vector256.LessThan(Vector256.Create(keys.Slice(i, Vector256<long>.Count)), target);
            count = Vector256.Sum(sum);
        }

        for (; i < keys.Length; i++)
            count += keys[i] < k1 ? 1 : 0;
        return (int)count;
    }
}
