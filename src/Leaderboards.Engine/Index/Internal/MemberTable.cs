using System.Runtime.CompilerServices;
using Leaderboards.Engine.Internal;

namespace Leaderboards.Engine.Index.Internal;

/// <summary>
/// Members of one index: a dense slot per member holding its tie-break fields, the leaf that holds it
/// and its id in an <see cref="IdArena"/>, plus an open-addressing id → slot hash table.
/// Everything lives in a few large arrays, so a member costs bytes, not objects.
/// </summary>
internal sealed partial class MemberTable
{
    private const double MaxLoad = 0.8;
    private const int SlotBits = 27;
    private const int SlotMask = (1 << SlotBits) - 1;

    // The id reference of a free slot: no arena reference is negative.
    private const int FreeSlot = -1;

    /// <summary>The most members one table holds (2^27 - 1).</summary>
    public const int MaxMembers = SlotMask - 1;

    // Per bucket: a 5-bit hash tag above slot + 1; 0 marks an empty bucket. The tag skips most
    // id comparisons (each one a read from the arena). Linear probing with backward-shift deletion;
    // the capacity grows by half, not double, and a bucket is picked by multiply-shift, so no power of two is needed.
    private int[] _buckets = new int[16];
    private IdArena _ids = new();
    private readonly ChunkedArray<int> _idRefs = new();
    private readonly PackedTimes _times = new();
    // Most boards never set a subscore: its pages stay unallocated until one is non-zero.
    private readonly ChunkedArray<long> _k2;
    private readonly ChunkedArray<int> _leafOf = new();
    private readonly Dictionary<int, byte[]> _metadata = [];
    private readonly Stack<int> _freeSlots = new();
    private int _slotCount;

    // Slots from here to _slotCount were appended without a bucket (TryAppendUnindexed): the next lookup, or
    // IndexAppended, places them all at once in a table sized for them.
    private int _unindexedFrom;

    /// <param name="defaultK2">The secondary key of a zero subscore: its pages stay unallocated.</param>
    public MemberTable(long defaultK2)
    {
        _k2 = new ChunkedArray<long>(sparse: true, defaultK2);
    }

    public int Count { get; private set; }

    /// <summary>Slots handed out so far, free ones included: 0 only for a table that never held a member since its last clear.</summary>
    public int SlotsInUse => _slotCount;

    public long K2(int slot) => _k2.Get(slot);

    public long Time(int slot) => _times.Get(slot);

    public ref int LeafOf(int slot) => ref _leafOf[slot];

    public ReadOnlySpan<byte> Id(int slot) => _ids.Get(_idRefs[slot]);

    public byte[]? Metadata(int slot) => _metadata.GetValueOrDefault(slot);

    public void SetTieBreak(int slot, long k2, long time)
    {
        _k2.Set(slot, k2);
        _times.Set(slot, time);
    }

    public void SetMetadata(int slot, byte[]? metadata)
    {
        if (metadata is null)
            _metadata.Remove(slot);
        else
            _metadata[slot] = metadata;
    }

    /// <summary>Slots appended by <see cref="TryAppendUnindexed"/> and not yet placed in the hash table.</summary>
    public int Unindexed => _slotCount - _unindexedFrom;

    public int Find(ReadOnlySpan<byte> id)
    {
        if (_unindexedFrom != _slotCount)
            IndexAppended();
        return FindPlaced(id);
    }

    /// <summary>The slot of a member placed in the hash table, or -1; appended members waiting to be placed are not seen.</summary>
    private int FindPlaced(ReadOnlySpan<byte> id)
    {
        uint hash = Hash(id);
        int tag = Tag(hash);
        int capacity = _buckets.Length;
        for (int i = Home(hash, capacity); ; i = i + 1 == capacity ? 0 : i + 1)
        {
            int entry = _buckets[i];
            if (entry == 0)
                return -1;
            if ((entry & ~SlotMask) == tag && Id((entry & SlotMask) - 1).SequenceEqual(id))
                return (entry & SlotMask) - 1;
        }
    }

    /// <summary>Adds a member that is not present and returns its slot.</summary>
    public int Add(ReadOnlySpan<byte> id)
    {
        if (_unindexedFrom != _slotCount)
            IndexAppended();
        if (Count >= MaxMembers)
            throw new InvalidOperationException($"A partition holds at most {MaxMembers} members; add partitions.");
        if (Count + 1 > _buckets.Length * MaxLoad)
            Rehash(_buckets.Length + _buckets.Length / 2, _slotCount);

        int slot = _freeSlots.Count > 0 ? _freeSlots.Pop() : NewSlot();
        _idRefs[slot] = _ids.Append(id);
        Place(_buckets, Hash(id), slot + 1);
        Count++;
        _unindexedFrom = _slotCount;
        return slot;
    }

    /// <summary>Hands out the next slot never used, with room for it in every per-slot table.</summary>
    private int NewSlot()
    {
        int slot = _slotCount++;
        _idRefs.EnsureCapacity(_slotCount);
        _times.EnsureCapacity(_slotCount);
        _k2.EnsureCapacity(_slotCount);
        _leafOf.EnsureCapacity(_slotCount);
        return slot;
    }

    public void Remove(int slot)
    {
        if (_unindexedFrom != _slotCount)
            IndexAppended();
        int capacity = _buckets.Length;
        int hole = Home(Hash(Id(slot)), capacity);
        while ((_buckets[hole] & SlotMask) != slot + 1)
            hole = hole + 1 == capacity ? 0 : hole + 1;

        // Backward-shift deletion keeps every probe chain unbroken without tombstones.
        for (int j = hole + 1 == capacity ? 0 : hole + 1; _buckets[j] != 0; j = j + 1 == capacity ? 0 : j + 1)
        {
            int home = Home(Hash(Id((_buckets[j] & SlotMask) - 1)), capacity);
            bool movable = hole <= j ? home <= hole || home > j : home <= hole && home > j;
            if (movable)
            {
                _buckets[hole] = _buckets[j];
                hole = j;
            }
        }

        _buckets[hole] = 0;
        Release(slot);
        CompactIdsIfMostlyGarbage();
    }

    /// <summary>Frees a slot whose bucket is gone or reused: its id, tie-break fields and metadata.</summary>
    private void Release(int slot)
    {
        _ids.Release(_idRefs[slot]);
        _idRefs[slot] = FreeSlot;
        _k2.Set(slot, _k2.DefaultValue);
        _times.Release(slot);
        _metadata.Remove(slot);
        _freeSlots.Push(slot);
        Count--;
    }

    /// <summary>
    /// Shrinks the hash table to three quarters full when growth left it much emptier, and cuts the unused ends of the
    /// last id chunk and pages: after a bulk load, whose final size was not known while it grew.
    /// </summary>
    public void TrimAfterLoad()
    {
        IndexAppended();
        _appendsStopped = false;
        int target = SizedFor(Count);
        if (_buckets.Length > target + target / 8)
            Rehash(target, _slotCount);
        // Ids freed by repeated changes of the same members are garbage in the arena.
        CompactIdsIfMostlyGarbage();
        _ids.Trim();
        _idRefs.Trim(_slotCount);
        _times.Trim(_slotCount);
        _leafOf.Trim(_slotCount);
    }

    /// <summary>A table three quarters full with <paramref name="members"/>: what a load sizes for, once.</summary>
    private static int SizedFor(int members) => Math.Max(16, (int)(members / 0.75) + 1);

    /// <summary>Rewrites the id arena once more than a MiB of it, and more than it holds live, is freed ids.</summary>
    private void CompactIdsIfMostlyGarbage()
    {
        if (_ids.GarbageBytes > (1 << 20) && _ids.GarbageBytes > _ids.LiveBytes)
            CompactIds();
    }

    /// <summary>Writes the slot of every member, in slot order, into <paramref name="slots"/> (Count long).</summary>
    public void CopyLiveSlots(Span<int> slots)
    {
        int n = 0;
        for (int slot = 0; slot < _slotCount; slot++)
        {
            if (_idRefs[slot] != FreeSlot)
                slots[n++] = slot;
        }
    }

    public void Clear()
    {
        _buckets = new int[16];
        _ids = new IdArena();
        _idRefs.Clear();
        _times.Clear();
        _k2.Clear();
        _leafOf.Clear();
        _metadata.Clear();
        _freeSlots.Clear();
        _slotCount = 0;
        _unindexedFrom = 0;
        _appendsStopped = false;
        Count = 0;
    }

    /// <summary>Moves the members in slots below <paramref name="upTo"/> (the placed ones) into a table of <paramref name="capacity"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Rehash(int capacity, int upTo)
    {
        var buckets = new int[capacity];
        if (Count >= SortedPlacementFrom)
        {
            // In hash order: the writes walk the new table forward (placed ids are distinct, so nothing is compared).
            var (hashes, slots) = InHashOrder(0, upTo);
            for (int k = 0; k < slots.Length; k++)
                Place(buckets, hashes[k], slots[k] + 1);
        }
        else
        {
            // Slot order, not bucket order: ids sit in the arena roughly in slot order, so the reads run forward.
            for (int slot = 0; slot < upTo; slot++)
            {
                if (_idRefs[slot] != FreeSlot)
                    Place(buckets, Hash(Id(slot)), slot + 1);
            }
        }

        _buckets = buckets;
    }

    private static void Place(int[] buckets, uint hash, int slotPlusOne)
    {
        int capacity = buckets.Length;
        int i = Home(hash, capacity);
        while (buckets[i] != 0)
            i = i + 1 == capacity ? 0 : i + 1;
        buckets[i] = Tag(hash) | slotPlusOne;
    }

    private static int Home(uint hash, int capacity) => (int)(((ulong)hash * (uint)capacity) >> 32);

    private static int Tag(uint hash) => (int)(hash & 0x1F) << SlotBits;

    private void CompactIds()
    {
        var fresh = new IdArena();
        foreach (int entry in _buckets)
        {
            if (entry != 0)
                _idRefs[(entry & SlotMask) - 1] = fresh.Append(Id((entry & SlotMask) - 1));
        }

        _ids = fresh;
    }

    // A per-process seeded hash: bucket order cannot be predicted (or flooded) from outside.
    private static readonly uint s_seed = (uint)Random.Shared.Next() | 1;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static uint Hash(ReadOnlySpan<byte> id)
    {
        uint h = IdHash.Crc32C(id, s_seed);

        // A finalizer mix: the table masks low bits, and CRC alone leaves them correlated.
        h ^= h >> 16;
        h *= 0x85EBCA6Bu;
        h ^= h >> 13;
        h *= 0xC2B2AE35u;
        h ^= h >> 16;
        return h;
    }
}
