namespace Leaderboards.Engine.Index.Internal;

internal abstract class Node
{
    public InnerNode? Parent;
}

/// <summary>
/// A leaf holds packed entries: the primary sort key beside the member's slot, in two parallel arrays.
/// Ties on the primary key are broken through the slot (subscore, time, id in <see cref="MemberTable"/>).
/// </summary>
internal sealed class LeafNode : Node
{
    public const int Capacity = 128;

    public readonly long[] Keys = new long[Capacity];
    public readonly int[] Slots = new int[Capacity];
    public int Count;
    public int Id;
    public LeafNode? Next;
    public LeafNode? Prev;

    // IndexOf over a span of int is vectorised: a whole leaf is scanned in a few instructions.
    public int IndexOfSlot(int slot) => Slots.AsSpan(0, Count).IndexOf(slot);
}

/// <summary>
/// An inner node keeps, for every child, how many entries lie beneath it: the counts that make
/// rank-of-key and key-at-rank O(log n).
/// </summary>
internal sealed class InnerNode : Node
{
    public const int Capacity = 64;

    public readonly Node[] Children = new Node[Capacity];
    public readonly int[] Counts = new int[Capacity];

    /// <summary>Separators[i] (i ≥ 1) is at most the lowest key under child i and above every key under child i-1.</summary>
    public readonly Separator[] Separators = new Separator[Capacity];
    public int Count;

    public int IndexOf(Node child)
    {
        int i = 0;
        while (!ReferenceEquals(Children[i], child))
            i++;
        return i;
    }

    public long Total()
    {
        long total = 0;
        for (int i = 0; i < Count; i++)
            total += Counts[i];
        return total;
    }
}

/// <summary>A full copy of a key, so that separators stay valid when the entry they came from is gone.</summary>
internal readonly record struct Separator(long K1, long K2, long Time, byte[] Id);

/// <summary>A key to search for. The order is K1, then K2, then Time, then Id bytes, all ascending.</summary>
internal readonly ref struct SearchKey
{
    public readonly long K1;
    public readonly long K2;
    public readonly long Time;
    public readonly ReadOnlySpan<byte> Id;

    public SearchKey(long k1, long k2, long time, ReadOnlySpan<byte> id)
    {
        K1 = k1;
        K2 = k2;
        Time = time;
        Id = id;
    }

    /// <summary>A key below every entry whose primary and secondary keys are (k1, k2).</summary>
    public static SearchKey Lowest(long k1, long k2 = long.MinValue) => new(k1, k2, long.MinValue, default);

    public Separator ToSeparator() => new(K1, K2, Time, Id.ToArray());

    public int CompareTo(in Separator s)
    {
        if (K1 != s.K1)
            return K1 < s.K1 ? -1 : 1;
        if (K2 != s.K2)
            return K2 < s.K2 ? -1 : 1;
        if (Time != s.Time)
            return Time < s.Time ? -1 : 1;
        return Id.SequenceCompareTo(s.Id);
    }
}
