using Leaderboards.Engine.Index.Internal;

namespace Leaderboards.Engine.Index;

internal sealed partial class OrderedIndex
{
    /// <summary>A cursor on the entry at 0-based <paramref name="rank"/>; past the end when the rank is not below <see cref="Count"/>.</summary>
    public Cursor CursorAt(long rank) => rank < 0 || rank >= Count ? default : new Cursor(Select(rank));

    /// <summary>The full key of the entry at <paramref name="slot"/>, whose primary key is <paramref name="k1"/>.</summary>
    public SearchKey KeyOf(int slot, long k1) => new(k1, _members.K2(slot), _members.Time(slot), _members.Id(slot));

    /// <summary>
    /// Orders the entry at <paramref name="slot"/> against the entry at <paramref name="otherSlot"/> of
    /// <paramref name="other"/> (another index) by what follows an equal primary key: K2, Time, then id bytes.
    /// </summary>
    public int CompareTie(int slot, OrderedIndex other, int otherSlot)
    {
        long k2 = _members.K2(slot), otherK2 = other._members.K2(otherSlot);
        if (k2 != otherK2)
            return k2 < otherK2 ? -1 : 1;
        long time = _members.Time(slot), otherTime = other._members.Time(otherSlot);
        if (time != otherTime)
            return time < otherTime ? -1 : 1;
        return _members.Id(slot).SequenceCompareTo(other._members.Id(otherSlot));
    }

    /// <summary>
    /// Walks entries in index order from a position, reading keys and slots in place: nothing is materialised and
    /// nothing is taken from a leaf that the walk does not reach. Valid while the index does not change.
    /// </summary>
    internal struct Cursor
    {
        private LeafNode? _leaf;
        private int _position;

        internal Cursor((LeafNode Leaf, int Position) at)
        {
            (_leaf, _position) = at;
        }

        /// <summary>False once the walk is past the last entry.</summary>
        public readonly bool HasEntry => _leaf is not null;

        /// <summary>The current entry's primary key; only while <see cref="HasEntry"/>.</summary>
        public readonly long K1 => _leaf!.Keys[_position];

        /// <summary>The current entry's slot; only while <see cref="HasEntry"/>.</summary>
        public readonly int Slot => _leaf!.Slots[_position];

        public void MoveNext()
        {
            if (++_position == _leaf!.Count)
            {
                _leaf = _leaf.Next;
                _position = 0;
            }
        }
    }
}
