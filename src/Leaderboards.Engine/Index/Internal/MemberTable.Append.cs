namespace Leaderboards.Engine.Index.Internal;

// Bulk appends, for staged loads: members go into new slots without a lookup, and are placed in the hash table
// together, in hash order, in a table sized once for all of them.
internal sealed partial class MemberTable
{
    private const int MaxUnindexed = 1 << 22;

    /// <summary>
    /// Appends a member in the next new slot without looking it up or placing it in the hash table: for bulk loads,
    /// where a probe per member and the table's growth cost more than placing every member once, in a table sized for
    /// all of them. If the id is already present, <see cref="IndexAppended"/> keeps the later slot and frees the earlier.
    /// Answers false, appending nothing, while the table has free slots (the caller then finds or adds the member).
    /// </summary>
    public bool TryAppendUnindexed(ReadOnlySpan<byte> id, out int slot)
    {
        // Bounded, so that a log updating the same members over and over does not hold a slot per update.
        if (Unindexed >= Math.Max(MaxUnindexed, 2 * (Count - Unindexed)))
            IndexAppended();
        if (_freeSlots.Count > 0)
        {
            slot = -1;
            return false;
        }

        if (Count >= MaxMembers)
            throw new InvalidOperationException($"A partition holds at most {MaxMembers} members; add partitions.");
        slot = _slotCount++;
        _idRefs.EnsureCapacity(_slotCount);
        _times.EnsureCapacity(_slotCount);
        _k2.EnsureCapacity(_slotCount);
        _leafOf.EnsureCapacity(_slotCount);
        _idRefs[slot] = _ids.Append(id);
        Count++;
        return true;
    }

    /// <summary>
    /// Places the slots appended by <see cref="TryAppendUnindexed"/> in a hash table sized once for every member. Where
    /// an appended id was already present, the later slot wins and the earlier is freed; answers how many were.
    /// </summary>
    public int IndexAppended()
    {
        int from = _unindexedFrom;
        _unindexedFrom = _slotCount;
        int count = _slotCount - from;
        if (count == 0)
            return 0;

        // Sized for three quarters full once all are placed; when the table grows, the placed members move first.
        if (Count > _buckets.Length * MaxLoad)
            Rehash(Math.Max(16, (int)(Count / 0.75) + 1), upTo: from);

        // In ascending hash order the placements walk the table forward instead of missing the cache once each, and
        // equal hashes lie side by side, so an id appended twice is found without reading other ids from the arena.
        var hashes = new uint[count];
        var slots = new int[count];
        for (int k = 0; k < count; k++)
        {
            hashes[k] = Hash(Id(from + k));
            slots[k] = from + k;
        }

        HashOrder.Sort(hashes, slots);
        int replaced = 0;
        for (int k = 0; k < count; k++)
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

    /// <summary>True when a later slot with the same hash holds the same id: the later values win.</summary>
    private bool SupersededInRun(uint[] hashes, int[] slots, int k)
    {
        // Most hashes are unique: their ids are not read here (each read would be a cache miss).
        if ((k + 1 == hashes.Length || hashes[k + 1] != hashes[k]) && (k == 0 || hashes[k - 1] != hashes[k]))
            return false;
        var id = Id(slots[k]);
        for (int j = k + 1; j < hashes.Length && hashes[j] == hashes[k]; j++)
        {
            if (slots[j] > slots[k] && Id(slots[j]).SequenceEqual(id))
                return true;
        }

        for (int j = k - 1; j >= 0 && hashes[j] == hashes[k]; j--)
        {
            if (slots[j] > slots[k] && Id(slots[j]).SequenceEqual(id))
                return true;
        }

        return false;
    }

    /// <summary>Places an appended slot; answers true when it took the bucket of a member placed before with the same id.</summary>
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
