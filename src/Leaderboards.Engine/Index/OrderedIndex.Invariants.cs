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

            if (i + 1 < inner.Count && count > 0)
            {
                var last = LastEntryUnder(child);
                int slot = last.Slots[last.Count - 1];
                var key = new SearchKey(last.Keys[last.Count - 1], _members.K2(slot), _members.Time(slot), _members.Id(slot));
                Require(key.CompareTo(inner.Separators[i + 1]) < 0, "every key under a child is below the next separator");
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

    internal string Dump()
    {
        var text = new System.Text.StringBuilder();
        void Walk(Node node, string indent)
        {
            if (node is LeafNode leaf)
            {
                text.Append(indent).Append($"leaf#{leaf.Id} n={leaf.Count} first=({leaf.Keys[0]},{System.Text.Encoding.UTF8.GetString(_members.Id(leaf.Slots[0]))},{_members.Time(leaf.Slots[0])}) last=({leaf.Keys[leaf.Count - 1]},{System.Text.Encoding.UTF8.GetString(_members.Id(leaf.Slots[leaf.Count - 1]))})\n");
                return;
            }

            var inner = (InnerNode)node;
            for (int i = 0; i < inner.Count; i++)
            {
                var sep = inner.Separators[i];
                text.Append(indent).Append($"[{i}] count={inner.Counts[i]} sep=({sep.K1},{(sep.Id is null ? "-" : System.Text.Encoding.UTF8.GetString(sep.Id))},{sep.Time})\n");
                Walk(inner.Children[i], indent + "  ");
            }
        }

        if (_root is not null)
            Walk(_root, "");
        return text.ToString();
    }

    private static LeafNode LastEntryUnder(Node node)
    {
        while (node is InnerNode inner)
            node = inner.Children[inner.Count - 1];
        return (LeafNode)node;
    }

    private static void Require(bool condition, string what)
    {
        if (!condition)
            throw new InvalidOperationException("Index invariant broken: " + what);
    }
}
