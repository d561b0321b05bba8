using System.Runtime.CompilerServices;

namespace Leaderboards.Engine.Index.Internal;

// Bulk appends, for staged loads: members go into new slots without a lookup, and are placed in the hash table
// together, in hash order, in a table sized for all of them.
internal sealed partial class MemberTable
{
    // Appended slots wait for at most this many, or twice the members placed, whichever is more: a log that updates
    // the same players over and over holds a bounded number of slots before its repeats are found and freed.
    private const int DefaultMinUnindexedBatch = 1 << 22;

    // One append in this many looks its id up among the members already placed: a log tail that updates a snapshot's
    // players finds one soon, and its later changes update those players in place instead of taking new slots.
    private const int SampleEvery = 16;

    // Below this many members a table is placed one member at a time: sorting would cost more than the cache misses.
    private const int SortedPlacementFrom = 1 << 14;

    // From this many slots a placement hashes the ids on two cores.
    private const int ParallelHashingFrom = 1 << 20;

    // Set when an appended id was found already placed; appends resume with the next load.
    private bool _appendsStopped;

    /// <summary>The fewest appended slots that wait before being placed (tests lower it).</summary>
    internal int MinUnindexedBatch { get; init; } = DefaultMinUnindexedBatch;

    /// <summary>
    /// Appends a member in the next new slot without looking it up or placing it in the hash table: for bulk loads,
    /// where a probe per member and the table's growth cost more than placing every member once, in a table sized for
    /// all of them. If the id is already present, <see cref="IndexAppended"/> keeps the later slot and frees the earlier.
    /// Answers false, appending nothing, while the table has free slots or the load updates members already placed
    /// (the caller then finds or adds the member).
    /// </summary>
    /// <param name="id">The member's id.</param>
    /// <param name="rankOrdered">
    /// True while every member staged so far came in rank order with a new id (a snapshot's entries): appends then wait
    /// unbounded: each holds one entry of the load's own input, and a snapshot's entries are distinct.
    /// </param>
    /// <param name="slot">The new slot.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryAppendUnindexed(ReadOnlySpan<byte> id, bool rankOrdered, out int slot)
    {
        slot = -1;
        int placed = Count - Unindexed;
        if ((!rankOrdered && Unindexed >= Math.Max(MinUnindexedBatch, 2 * placed)) || Count >= MaxMembers)
            IndexAppended();
        else if (placed > 0 && _slotCount % SampleEvery == 0 && FindPlaced(id) >= 0)
            _appendsStopped = true;
        if (_appendsStopped || _freeSlots.Count > 0)
            return false;
        if (Count >= MaxMembers)
            throw new InvalidOperationException($"A partition holds at most {MaxMembers} members; add partitions.");

        slot = NewSlot();
        _idRefs[slot] = _ids.Append(id);
        Count++;
        return true;
    }

    /// <summary>
    /// Places the slots appended by <see cref="TryAppendUnindexed"/> in a hash table sized once for every member. Where
    /// an appended id was already present, the later slot wins and the earlier is freed; answers how many were.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int IndexAppended()
    {
        int from = _unindexedFrom;
        _unindexedFrom = _slotCount;
        if (from == _slotCount)
            return 0;

        // Sized for three quarters full once all are placed; when the table grows, the placed members move first.
        if (Count > _buckets.Length * MaxLoad)
            Rehash(SizedFor(Count), upTo: from);

        var (hashes, slots) = InHashOrder(from, _slotCount);
        int replaced = 0;
        for (int k = 0; k < slots.Length; k++)
        {
            if (SupersededInRun(hashes, slots, k))
            {
                Release(slots[k]);
                replaced++;
            }
            else if (PlaceAppended(hashes[k], slots[k], from))
            {
                replaced++;
            }
        }

        return replaced;
    }

    /// <summary>
    /// The live slots in [<paramref name="from"/>, <paramref name="to"/>) and their hashes, in ascending hash order.
    /// Placed in that order, members walk the table forward instead of missing the cache once each, and equal hashes
    /// lie side by side, so an id appended twice is found without reading other ids from the arena.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private (uint[] Hashes, int[] Slots) InHashOrder(int from, int to)
    {
        // From a million slots the two halves are hashed on two cores.
        int middle = to - from >= ParallelHashingFrom && Environment.ProcessorCount > 1 ? from + (to - from) / 2 : to;
        int firstLive = LiveIn(from, middle);
        int live = firstLive + LiveIn(middle, to);
        // Both are written whole below: no need to clear them first.
        var hashes = GC.AllocateUninitializedArray<uint>(live);
        var slots = GC.AllocateUninitializedArray<int>(live);
        if (middle == to)
            HashLive(from, to, hashes, slots, 0);
        else
            Parallel.Invoke(() => HashLive(from, middle, hashes, slots, 0), () => HashLive(middle, to, hashes, slots, firstLive));
        return RadixSort.Sort(hashes, slots);
    }

    private int LiveIn(int from, int to)
    {
        int live = 0;
        for (int slot = from; slot < to; slot++)
            live += _idRefs[slot] != FreeSlot ? 1 : 0;
        return live;
    }

    /// <summary>Writes the live slots of [<paramref name="from"/>, <paramref name="to"/>) and their hashes from position <paramref name="k"/> on.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void HashLive(int from, int to, uint[] hashes, int[] slots, int k)
    {
        for (int slot = from; slot < to; slot++)
        {
            if (_idRefs[slot] == FreeSlot)
                continue;
            hashes[k] = Hash(Id(slot));
            slots[k++] = slot;
        }
    }

    /// <summary>True when a later slot with the same hash holds the same id: the later values win.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool SupersededInRun(uint[] hashes, int[] slots, int k)
    {
        // The sort is stable and slots went in ascending, so the later slots of a run of equal hashes come after this one.
        // Most hashes are unique: no id is read for them (each read would be a cache miss).
        for (int j = k + 1; j < hashes.Length && hashes[j] == hashes[k]; j++)
        {
            if (Id(slots[j]).SequenceEqual(Id(slots[k])))
                return true;
        }

        return false;
    }

    /// <summary>Places an appended slot; answers true when it took the bucket of a member placed before with the same id.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool PlaceAppended(uint hash, int slot, int firstAppended)
    {
        int tag = Tag(hash);
        int capacity = _buckets.Length;
        int i = Home(hash, capacity);
        for (; _buckets[i] != 0; i = i + 1 == capacity ? 0 : i + 1)
        {
            int entry = _buckets[i];
            int other = (entry & SlotMask) - 1;
            // Appended slots were settled among themselves; only a member placed before them can hold the same id.
            if (other < firstAppended && (entry & ~SlotMask) == tag && Id(other).SequenceEqual(Id(slot)))
            {
                Release(other);
                _buckets[i] = tag | (slot + 1);
                return true;
            }
        }

        _buckets[i] = tag | (slot + 1);
        return false;
    }
}
