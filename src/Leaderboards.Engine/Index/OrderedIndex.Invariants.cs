using Leaderboards.Engine.Index.Internal;

namespace Leaderboards.Engine.Index;

// A full structural check, for tests: counts, parent links, leaf links, slot → leaf map and key order.
internal sealed partial class OrderedIndex
{
    internal void CheckInvariants()
    {
        if (_root is null)
        {
            Require(Count == 0 && First is null, "an empty tree has no members and no first leaf");
            return;
        }

        Require(_root.Parent is null, "the root has no parent");
        long total = CheckNode(_root);
        Require(total == Count, $"the tree holds {total} entries but the table {Count}");

        long seen = 0;
        LeafNode? previous = null;
        for (var leaf = First; leaf is not null; previous = leaf, leaf = leaf.Next)
        {
            Require(leaf.Prev == previous, "leaf back links match forward links");
            Require(leaf.Count > 0, "no leaf is empty");
            for (int i = 0; i < leaf.Count; i++)
            {
                Require(_members.LeafOf(leaf.Slots[i]) == leaf.Id, "every slot maps to its leaf");
                if (i > 0 || previous is not null)
                {
                    var (prevLeaf, prevPos) = i > 0 ? (leaf, i - 1) : (previous!, previous!.Count - 1);
                    int slot = prevLeaf.Slots[prevPos];
                    var key = new SearchKey(prevLeaf.Keys[prevPos], _members.K2(slot), _members.Time(slot), _members.Id(slot));
                    Require(Compare(key, leaf.Keys[i], leaf.Slots[i]) < 0, "entries are in strictly ascending order");
                }
            }

            seen += leaf.Count;
        }

        Require(seen == Count, "the leaf chain holds every entry");
    }

    private long CheckNode(Node node)
    {
        if (node is LeafNode leaf)
        {
            Require(_leaves[leaf.Id] == leaf, "the leaf table knows the leaf");
            return leaf.Count;
        }

        var inner = (InnerNode)node;
        Require(inner.Count > 0, "no inner node is empty");
        long total = 0;
        for (int i = 0; i < inner.Count; i++)
        {
            var child = inner.Children[i];
            Require(child.Parent == inner, "children point at their parent");
            long count = CheckNode(child);
            Require(count == inner.Counts[i], $"child count {inner.Counts[i]} matches {count} entries");
            if (i > 0 && count > 0)
            {
                var (first, _) = FirstEntryUnder(child);
                int slot = first.Slots[0];
                var key = new SearchKey(first.Keys[0], _members.K2(slot), _members.Time(slot), _members.Id(slot));
                Require(key.CompareTo(inner.Separators[i]) >= 0, "a separator is at most its child's lowest key");
            }

            total += count;
        }

        return total;
    }

    private static (LeafNode Leaf, int Position) FirstEntryUnder(Node node)
    {
        while (node is InnerNode inner)
            node = inner.Children[0];
        return ((LeafNode)node, 0);
    }

    private static void Require(bool condition, string what)
    {
        if (!condition)
            throw new InvalidOperationException("Index invariant broken: " + what);
    }
}
