using Leaderboards.Engine.Index.Internal;

namespace Leaderboards.Engine.Index;

/// <summary>
/// An order-statistic index: a counted B+tree over packed keys with a member → slot table beside it.
/// Insert, update, remove, rank of a member, entry at a rank and count below a key are O(log n).
/// Keys sort ascending by (K1, K2, Time, id bytes); callers map board order onto that.
/// Not thread-safe: one writer at a time, and no reader while it writes.
/// </summary>
internal sealed partial class OrderedIndex
{
    private readonly MemberTable _members;
    private readonly List<LeafNode?> _leaves = [];
    private readonly Stack<int> _freeLeafIds = new();
    // The descent path of the last insert, so the common no-split case bumps counts without a walk up.
    private readonly InnerNode[] _path = new InnerNode[32];
    private readonly int[] _pathIndex = new int[32];
    private Node? _root;

    /// <param name="defaultK2">The secondary key most entries have (that of subscore 0); it costs no memory.</param>
    public OrderedIndex(long defaultK2 = 0)
    {
        _members = new MemberTable(defaultK2);
    }

    /// <param name="defaultK2">As above.</param>
    /// <param name="minUnindexedBatch">How many staged members may wait before being placed in the member table at the least.</param>
    internal OrderedIndex(long defaultK2, int minUnindexedBatch)
    {
        _members = new MemberTable(defaultK2) { MinUnindexedBatch = minUnindexedBatch };
    }

    /// <summary>Members; while a load's staged members wait to be placed, a member staged twice counts twice.</summary>
    public int Count => _members.Count;

    /// <summary>Member slots handed out, free ones included: what the per-member tables are sized for.</summary>
    internal int SlotsInUse => _members.SlotsInUse;

    /// <summary>The first (best-ranked) leaf, for iteration.</summary>
    internal LeafNode? First { get; private set; }

    public int FindSlot(ReadOnlySpan<byte> id) => _members.Find(id);

    public long K2(int slot) => _members.K2(slot);

    public long Time(int slot) => _members.Time(slot);

    public ReadOnlySpan<byte> Id(int slot) => _members.Id(slot);

    public byte[]? Metadata(int slot) => _members.Metadata(slot);

    public void SetMetadata(int slot, byte[]? metadata) => _members.SetMetadata(slot, metadata);

    /// <summary>The member's primary key and its 0-based rank, found without a single key comparison.</summary>
    public (long K1, long Rank) Locate(int slot)
    {
        ThrowIfStaged();
        var leaf = _leaves[_members.LeafOf(slot)]!;
        int pos = leaf.IndexOfSlot(slot);
        long rank = pos;
        Node node = leaf;
        for (var parent = node.Parent; parent is not null; node = parent, parent = parent.Parent)
        {
            var children = parent.Children;
            var counts = parent.Counts;
            for (int i = 0; !ReferenceEquals(children[i], node); i++)
                rank += counts[i];
        }

        return (leaf.Keys[pos], rank);
    }

    /// <summary>Adds a member that is not present and returns its slot.</summary>
    public int Add(ReadOnlySpan<byte> id, long k1, long k2, long time, byte[]? metadata)
    {
        BuildStaged();
        int slot = _members.Add(id);
        _members.SetTieBreak(slot, k2, time);
        _members.SetMetadata(slot, metadata);
        Insert(slot, k1);
        return slot;
    }

    /// <summary>Moves a present member to a new key.</summary>
    public void Update(int slot, long k1, long k2, long time)
    {
        BuildStaged();
        var leaf = _leaves[_members.LeafOf(slot)]!;
        int pos = leaf.IndexOfSlot(slot);
        var key = new SearchKey(k1, k2, time, _members.Id(slot));

        // A small move that keeps the entry between its neighbours is an in-place write.
        if (pos > 0 && pos < leaf.Count - 1
            && Compare(key, leaf.Keys[pos - 1], leaf.Slots[pos - 1]) > 0
            && Compare(key, leaf.Keys[pos + 1], leaf.Slots[pos + 1]) < 0)
        {
            leaf.Keys[pos] = k1;
            _members.SetTieBreak(slot, k2, time);
            return;
        }

        RemoveAt(leaf, pos);
        _members.SetTieBreak(slot, k2, time);
        Insert(slot, k1);
    }

    public void Remove(int slot)
    {
        BuildStaged();
        var leaf = _leaves[_members.LeafOf(slot)]!;
        RemoveAt(leaf, leaf.IndexOfSlot(slot));
        _members.Remove(slot);
    }

    public void Clear()
    {
        _members.Clear();
        _leaves.Clear();
        _freeLeafIds.Clear();
        _root = null;
        First = null;
        _stagedK1 = null;
    }

    /// <summary>How many entries sort strictly below <paramref name="key"/>.</summary>
    public long CountLess(in SearchKey key)
    {
        ThrowIfStaged();
        return LeafFor(key, out long before) is { } leaf ? before + LowerBound(leaf, key) : 0;
    }

    /// <summary>The leaf and position of the entry at a 0-based rank, which must be below <see cref="Count"/>.</summary>
    public (LeafNode Leaf, int Position) Select(long rank)
    {
        ThrowIfStaged();
        Node node = _root!;
        while (node is InnerNode inner)
        {
            int i = 0;
            var counts = inner.Counts;
            while (rank >= counts[i])
            {
                rank -= counts[i];
                i++;
            }

            node = inner.Children[i];
        }

        return ((LeafNode)node, (int)rank);
    }

    private void Insert(int slot, long k1)
    {
        var key = new SearchKey(k1, _members.K2(slot), _members.Time(slot), _members.Id(slot));
        if (_root is null)
        {
            var first = NewLeaf();
            First = first;
            _root = first;
            InsertAt(first, 0, k1, slot);
            return;
        }

        int depth = 0;
        Node node = _root;
        while (node is InnerNode inner)
        {
            int child = ChildFor(inner, key);
            _path[depth] = inner;
            _pathIndex[depth++] = child;
            node = inner.Children[child];
        }

        var leaf = (LeafNode)node;
        int pos = LowerBound(leaf, key);
        if (leaf.Count < LeafNode.Capacity)
        {
            InsertAt(leaf, pos, k1, slot);
            for (int i = 0; i < depth; i++)
                _path[i].Counts[_pathIndex[i]]++;
            return;
        }

        (leaf, pos) = MakeRoom(leaf, pos, key);
        InsertAt(leaf, pos, k1, slot);
        AdjustCounts(leaf, +1);
    }

    private void InsertAt(LeafNode leaf, int pos, long k1, int slot)
    {
        int tail = leaf.Count - pos;
        if (tail > 0)
        {
            Array.Copy(leaf.Keys, pos, leaf.Keys, pos + 1, tail);
            Array.Copy(leaf.Slots, pos, leaf.Slots, pos + 1, tail);
        }

        leaf.Keys[pos] = k1;
        leaf.Slots[pos] = slot;
        leaf.Count++;
        _members.LeafOf(slot) = leaf.Id;
    }

    private void RemoveAt(LeafNode leaf, int pos)
    {
        int tail = leaf.Count - pos - 1;
        if (tail > 0)
        {
            Array.Copy(leaf.Keys, pos + 1, leaf.Keys, pos, tail);
            Array.Copy(leaf.Slots, pos + 1, leaf.Slots, pos, tail);
        }

        leaf.Count--;
        AdjustCounts(leaf, -1);
        if (leaf.Count == 0)
            RemoveLeaf(leaf);
        else if (leaf.Count < LeafNode.Capacity / 4)
            TryMergeLeaf(leaf);
    }

    private static void AdjustCounts(Node node, int delta)
    {
        for (var parent = node.Parent; parent is not null; node = parent, parent = parent.Parent)
            parent.Counts[parent.IndexOf(node)] += delta;
    }

    private static int ChildFor(InnerNode inner, in SearchKey key)
    {
        // The child is the number of separators at or below the key; separators start at index 1.
        var separators = inner.Separators;
        int lo = 1, hi = inner.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (key.CompareTo(separators[mid]) >= 0)
                lo = mid + 1;
            else
                hi = mid;
        }

        return lo - 1;
    }

    private int LowerBound(LeafNode leaf, in SearchKey key)
    {
        var keys = leaf.Keys;
        int lo = 0, hi = leaf.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            long k = keys[mid];
            bool below = k != key.K1 ? k < key.K1 : Compare(key, k, leaf.Slots[mid]) > 0;
            if (below)
                lo = mid + 1;
            else
                hi = mid;
        }

        return lo;
    }

    /// <summary>Compares a key with the stored entry (k1, slot).</summary>
    private int Compare(in SearchKey key, long k1, int slot)
    {
        if (key.K1 != k1)
            return key.K1 < k1 ? -1 : 1;
        long k2 = _members.K2(slot);
        if (key.K2 != k2)
            return key.K2 < k2 ? -1 : 1;
        long time = _members.Time(slot);
        if (key.Time != time)
            return key.Time < time ? -1 : 1;
        return key.Id.SequenceCompareTo(_members.Id(slot));
    }

    private Separator SeparatorOf(LeafNode leaf, int pos)
    {
        int slot = leaf.Slots[pos];
        return new Separator(leaf.Keys[pos], _members.K2(slot), _members.Time(slot), _members.Id(slot).ToArray());
    }
}
