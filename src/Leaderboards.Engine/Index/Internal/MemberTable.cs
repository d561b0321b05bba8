using System.Numerics;

namespace Leaderboards.Engine.Index.Internal;

/// <summary>
/// Members of one index: a dense slot per member holding its tie-break fields, the leaf that holds it
/// and its id in an <see cref="IdArena"/>, plus an open-addressing id → slot hash table.
/// Everything lives in a few large arrays, so a member costs bytes, not objects.
/// </summary>
internal sealed class MemberTable
{
    private const double MaxLoad = 0.8;

    // Slot + 1 per bucket; 0 marks an empty bucket. Linear probing with backward-shift deletion.
    private int[] _buckets = new int[16];
    private IdArena _ids = new();
    private readonly ChunkedArray<int> _idRefs = new();
    private readonly ChunkedArray<long> _times = new();
    // Most boards never set a subscore: its pages stay unallocated until one is non-zero.
    private readonly ChunkedArray<long> _k2 = new(sparse: true);
    private readonly ChunkedArray<int> _leafOf = new();
    private readonly Dictionary<int, byte[]> _metadata = [];
    private readonly Stack<int> _freeSlots = new();
    private int _slotCount;

    public int Count { get; private set; }

    public long K2(int slot) => _k2.Get(slot);

    public long Time(int slot) => _times[slot];

    public ref int LeafOf(int slot) => ref _leafOf[slot];

    public ReadOnlySpan<byte> Id(int slot) => _ids.Get(_idRefs[slot]);

    public byte[]? Metadata(int slot) => _metadata.GetValueOrDefault(slot);

    public void SetTieBreak(int slot, long k2, long time)
    {
        _k2.Set(slot, k2);
        _times[slot] = time;
    }

    public void SetMetadata(int slot, byte[]? metadata)
    {
        if (metadata is null)
            _metadata.Remove(slot);
        else
            _metadata[slot] = metadata;
    }

    public int Find(ReadOnlySpan<byte> id)
    {
        int mask = _buckets.Length - 1;
        for (int i = Hash(id) & mask; ; i = (i + 1) & mask)
        {
            int entry = _buckets[i];
            if (entry == 0)
                return -1;
            if (Id(entry - 1).SequenceEqual(id))
                return entry - 1;
        }
    }

    /// <summary>Adds a member that is not present and returns its slot.</summary>
    public int Add(ReadOnlySpan<byte> id)
    {
        if (Count + 1 > _buckets.Length * MaxLoad)
            Rehash(_buckets.Length * 2);

        int slot;
        if (_freeSlots.Count > 0)
        {
            slot = _freeSlots.Pop();
        }
        else
        {
            slot = _slotCount++;
            _idRefs.EnsureCapacity(_slotCount);
            _times.EnsureCapacity(_slotCount);
            _k2.EnsureCapacity(_slotCount);
            _leafOf.EnsureCapacity(_slotCount);
        }

        _idRefs[slot] = _ids.Append(id);
        int mask = _buckets.Length - 1;
        int i = Hash(id) & mask;
        while (_buckets[i] != 0)
            i = (i + 1) & mask;
        _buckets[i] = slot + 1;
        Count++;
        return slot;
    }

    public void Remove(int slot)
    {
        int mask = _buckets.Length - 1;
        int hole = Hash(Id(slot)) & mask;
        while (_buckets[hole] != slot + 1)
            hole = (hole + 1) & mask;

        // Backward-shift deletion keeps every probe chain unbroken without tombstones.
        for (int j = (hole + 1) & mask; _buckets[j] != 0; j = (j + 1) & mask)
        {
            int home = Hash(Id(_buckets[j] - 1)) & mask;
            bool movable = hole <= j ? home <= hole || home > j : home <= hole && home > j;
            if (movable)
            {
                _buckets[hole] = _buckets[j];
                hole = j;
            }
        }

        _buckets[hole] = 0;
        _ids.Release(_idRefs[slot]);
        _k2.Set(slot, 0);
        _metadata.Remove(slot);
        _freeSlots.Push(slot);
        Count--;
        if (_ids.GarbageBytes > (1 << 20) && _ids.GarbageBytes > _ids.LiveBytes)
            CompactIds();
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
        Count = 0;
    }

    private void Rehash(int capacity)
    {
        var buckets = new int[capacity];
        int mask = capacity - 1;
        foreach (int entry in _buckets)
        {
            if (entry == 0)
                continue;
            int i = Hash(Id(entry - 1)) & mask;
            while (buckets[i] != 0)
                i = (i + 1) & mask;
            buckets[i] = entry;
        }

        _buckets = buckets;
    }

    private void CompactIds()
    {
        var fresh = new IdArena();
        foreach (int entry in _buckets)
        {
            if (entry != 0)
                _idRefs[entry - 1] = fresh.Append(Id(entry - 1));
        }

        _ids = fresh;
    }

    // A per-process seeded hash: bucket order cannot be predicted (or flooded) from outside.
    private static readonly uint s_seed = (uint)Random.Shared.Next() | 1;

    private static int Hash(ReadOnlySpan<byte> id)
    {
        uint h = s_seed;
        while (id.Length >= 8)
        {
            h = BitOperations.Crc32C(h, BitConverter.ToUInt64(id));
            id = id[8..];
        }

        foreach (byte b in id)
            h = BitOperations.Crc32C(h, b);

        // A finalizer mix: the table masks low bits, and CRC alone leaves them correlated.
        h ^= h >> 16;
        h *= 0x85EBCA6Bu;
        h ^= h >> 13;
        h *= 0xC2B2AE35u;
        h ^= h >> 16;
        return (int)h;
    }
}
