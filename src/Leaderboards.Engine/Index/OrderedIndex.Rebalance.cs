using Leaderboards.Engine.Index.Internal;

namespace Leaderboards.Engine.Index;

// Structural changes: spilling to siblings, splitting and merging nodes. Counts stay exact through each.
internal sealed partial class OrderedIndex
{
    private LeafNode NewLeaf()
    {
        var leaf = new LeafNode();
        if (_freeLeafIds.Count > 0)
        {
            leaf.Id = _freeLeafIds.Pop();
            _leaves[leaf.Id] = leaf;
        }
        else
        {
            leaf.Id = _leaves.Count;
            _leaves.Add(leaf);
        }

        return leaf;
    }

    /// <summary>
    /// Frees a place in a full leaf for a key that belongs at <paramref name="pos"/>. Spilling one entry
    /// into a sibling with room comes before a split: leaves stay fuller, so memory per entry stays low.
    /// Returns where the key now goes.
    /// </summary>
    private (LeafNode Leaf, int Position) MakeRoom(LeafNode leaf, int pos, in SearchKey key)
    {
        var parent = leaf.Parent;
        if (parent is not null)
        {
            int index = parent.IndexOf(leaf);
            if (leaf.Prev is { } prev && prev.Parent == parent && prev.Count < LeafNode.Capacity)
            {
                if (pos == 0)
                {
                    // The key itself becomes the last entry of the left sibling.
                    parent.Separators[index] = SeparatorOf(leaf, 0);
                    return (prev, prev.Count);
                }

                MoveEntry(leaf, 0, prev, prev.Count);
                parent.Counts[index - 1]++;
                parent.Counts[index]--;
                // When the key lands first in the leaf, it is the leaf's new lowest key.
                parent.Separators[index] = pos == 1 ? key.ToSeparator() : SeparatorOf(leaf, 0);
                return (leaf, pos - 1);
            }

            if (leaf.Next is { } next && next.Parent == parent && next.Count < LeafNode.Capacity)
            {
                if (pos == leaf.Count)
                {
                    parent.Separators[index + 1] = key.ToSeparator();
                    return (next, 0);
                }

                MoveEntry(leaf, leaf.Count - 1, next, 0);
                parent.Counts[index + 1]++;
                parent.Counts[index]--;
                parent.Separators[index + 1] = SeparatorOf(next, 0);
                return (leaf, pos);
            }
        }

        // Appending at either end of the board (a rising or falling stream of scores) fills leaves completely.
        int split = pos == leaf.Count && leaf.Next is null ? leaf.Count
            : pos == 0 && leaf.Prev is null ? 0
            : leaf.Count / 2;
        var right = NewLeaf();
        int moved = leaf.Count - split;
        Array.Copy(leaf.Keys, split, right.Keys, 0, moved);
        Array.Copy(leaf.Slots, split, right.Slots, 0, moved);
        right.Count = moved;
        leaf.Count = split;
        for (int i = 0; i < moved; i++)
            _members.LeafOf(right.Slots[i]) = right.Id;

        right.Next = leaf.Next;
        right.Prev = leaf;
        if (leaf.Next is not null)
            leaf.Next.Prev = right;
        leaf.Next = right;

        var separator = moved > 0 ? SeparatorOf(right, 0) : key.ToSeparator();
        InsertChildAfter(leaf, right, separator, leaf.Count, right.Count);
        return pos < split || (pos == split && split < LeafNode.Capacity) ? (leaf, pos) : (right, pos - split);
    }

    private void MoveEntry(LeafNode from, int fromPos, LeafNode to, int toPos)
    {
        long k1 = from.Keys[fromPos];
        int slot = from.Slots[fromPos];
        int tail = from.Count - fromPos - 1;
        Array.Copy(from.Keys, fromPos + 1, from.Keys, fromPos, tail);
        Array.Copy(from.Slots, fromPos + 1, from.Slots, fromPos, tail);
        from.Count--;
        InsertAt(to, toPos, k1, slot);
    }

    /// <summary>Places <paramref name="right"/> just after <paramref name="left"/> in left's parent, splitting upward as needed.</summary>
    private void InsertChildAfter(Node left, Node right, Separator separator, long leftCount, long rightCount)
    {
        var parent = left.Parent;
        if (parent is null)
        {
            var root = new InnerNode { Count = 2 };
            root.Children[0] = left;
            root.Children[1] = right;
            root.Counts[0] = checked((int)leftCount);
            root.Counts[1] = checked((int)rightCount);
            root.Separators[1] = separator;
            left.Parent = root;
            right.Parent = root;
            _root = root;
            return;
        }

        if (parent.Count == InnerNode.Capacity)
            SplitInner(parent);
        parent = left.Parent!;

        int index = parent.IndexOf(left);
        int tail = parent.Count - index - 1;
        Array.Copy(parent.Children, index + 1, parent.Children, index + 2, tail);
        Array.Copy(parent.Counts, index + 1, parent.Counts, index + 2, tail);
        Array.Copy(parent.Separators, index + 1, parent.Separators, index + 2, tail);
        parent.Children[index + 1] = right;
        parent.Counts[index] = checked((int)leftCount);
        parent.Counts[index + 1] = checked((int)rightCount);
        parent.Separators[index + 1] = separator;
        parent.Count++;
        right.Parent = parent;
    }

    private void SplitInner(InnerNode node)
    {
        int split = node.Count / 2;
        var right = new InnerNode { Count = node.Count - split };
        Array.Copy(node.Children, split, right.Children, 0, right.Count);
        Array.Copy(node.Counts, split, right.Counts, 0, right.Count);
        Array.Copy(node.Separators, split, right.Separators, 0, right.Count);
        var separator = right.Separators[0];
        right.Separators[0] = default;
        Array.Clear(node.Children, split, right.Count);
        Array.Clear(node.Separators, split, right.Count);
        node.Count = split;
        for (int i = 0; i < right.Count; i++)
            right.Children[i].Parent = right;
        InsertChildAfter(node, right, separator, node.Total(), right.Total());
    }

    private void RemoveLeaf(LeafNode leaf)
    {
        if (leaf.Prev is not null)
            leaf.Prev.Next = leaf.Next;
        else
            First = leaf.Next;
        if (leaf.Next is not null)
            leaf.Next.Prev = leaf.Prev;
        _leaves[leaf.Id] = null;
        _freeLeafIds.Push(leaf.Id);
        RemoveChild(leaf);
    }

    /// <summary>Takes an empty or absorbed node out of its parent; counts above the parent are unchanged by the caller.</summary>
    private void RemoveChild(Node child)
    {
        var parent = child.Parent;
        child.Parent = null;
        if (parent is null)
        {
            _root = null;
            return;
        }

        int index = parent.IndexOf(child);
        int removedCount = parent.Counts[index];
        int tail = parent.Count - index - 1;
        Array.Copy(parent.Children, index + 1, parent.Children, index, tail);
        Array.Copy(parent.Counts, index + 1, parent.Counts, index, tail);
        // Child i+1's separator moves with it; when the first child goes, the new first needs none.
        if (index == 0)
            Array.Copy(parent.Separators, 2, parent.Separators, 1, Math.Max(0, tail - 1));
        else
            Array.Copy(parent.Separators, index + 1, parent.Separators, index, tail);
        parent.Count--;
        parent.Children[parent.Count] = null!;
        parent.Separators[parent.Count] = default;
        parent.Separators[0] = default;
        if (removedCount != 0)
            AdjustCounts(parent, -removedCount);

        if (parent.Count == 0)
        {
            RemoveChild(parent);
        }
        else if (parent.Parent is null && parent.Count == 1)
        {
            _root = parent.Children[0];
            _root.Parent = null;
        }
        else if (parent.Count < InnerNode.Capacity / 4)
        {
            TryMergeInner(parent);
        }
    }

    private void TryMergeLeaf(LeafNode leaf)
    {
        const int limit = LeafNode.Capacity * 3 / 4;
        var parent = leaf.Parent;
        if (parent is null)
            return;
        if (leaf.Prev is { } prev && prev.Parent == parent && prev.Count + leaf.Count <= limit)
            AbsorbLeaf(prev, leaf);
        else if (leaf.Next is { } next && next.Parent == parent && next.Count + leaf.Count <= limit)
            AbsorbLeaf(leaf, next);
    }

    /// <summary>Moves every entry of <paramref name="right"/> to the end of its left neighbour and drops it.</summary>
    private void AbsorbLeaf(LeafNode left, LeafNode right)
    {
        var parent = left.Parent!;
        Array.Copy(right.Keys, 0, left.Keys, left.Count, right.Count);
        Array.Copy(right.Slots, 0, left.Slots, left.Count, right.Count);
        for (int i = 0; i < right.Count; i++)
            _members.LeafOf(right.Slots[i]) = left.Id;
        left.Count += right.Count;
        parent.Counts[parent.IndexOf(left)] += right.Count;
        parent.Counts[parent.IndexOf(right)] = 0;
        right.Count = 0;
        RemoveLeaf(right);
    }

    private void TryMergeInner(InnerNode node)
    {
        const int limit = InnerNode.Capacity * 3 / 4;
        var parent = node.Parent;
        if (parent is null)
            return;
        int index = parent.IndexOf(node);
        if (index > 0 && parent.Children[index - 1] is InnerNode left && left.Count + node.Count <= limit)
            AbsorbInner(parent, index - 1);
        else if (index + 1 < parent.Count && parent.Children[index + 1] is InnerNode right && right.Count + node.Count <= limit)
            AbsorbInner(parent, index);
    }

    private void AbsorbInner(InnerNode parent, int leftIndex)
    {
        var left = (InnerNode)parent.Children[leftIndex];
        var right = (InnerNode)parent.Children[leftIndex + 1];
        int at = left.Count;
        Array.Copy(right.Children, 0, left.Children, at, right.Count);
        Array.Copy(right.Counts, 0, left.Counts, at, right.Count);
        Array.Copy(right.Separators, 1, left.Separators, at + 1, right.Count - 1);
        left.Separators[at] = parent.Separators[leftIndex + 1];
        for (int i = 0; i < right.Count; i++)
            right.Children[i].Parent = left;
        left.Count += right.Count;
        parent.Counts[leftIndex] += parent.Counts[leftIndex + 1];
        parent.Counts[leftIndex + 1] = 0;
        right.Count = 0;
        RemoveChild(right);
    }
}
