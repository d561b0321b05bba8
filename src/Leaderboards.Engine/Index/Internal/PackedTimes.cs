namespace Leaderboards.Engine.Index.Internal;

/// <summary>
/// Entry times (Unix milliseconds) in 6 bytes a slot instead of 8: 48 bits hold every time within ±4,000 years of
/// 1970. A time outside that range is kept whole in a small side table, behind a marker value, so every long reads
/// back exactly as written.
/// </summary>
internal sealed class PackedTimes
{
    private const long Limit = 1L << 47;
    private const ulong Marker = 1UL << 47;
    private const ulong Mask48 = (1UL << 48) - 1;

    private readonly ChunkedArray<uint> _low = new();
    private readonly ChunkedArray<ushort> _high = new();
    private readonly Dictionary<int, long> _outside = [];

    public long Get(int slot)
    {
        ulong raw = (ulong)_high[slot] << 32 | _low[slot];
        if (raw == Marker)
            return _outside[slot];
        // Sign-extends the 48-bit value.
        return (long)(raw << 16) >> 16;
    }

    public void Set(int slot, long time)
    {
        ulong raw;
        if (time > -Limit && time < Limit)
        {
            raw = (ulong)time & Mask48;
            if (_outside.Count > 0)
                _outside.Remove(slot);
        }
        else
        {
            raw = Marker;
            _outside[slot] = time;
        }

        _low[slot] = (uint)raw;
        _high[slot] = (ushort)(raw >> 32);
    }

    /// <summary>Forgets a freed slot's time (only an outside-range time holds memory).</summary>
    public void Release(int slot)
    {
        if (_outside.Count > 0)
            _outside.Remove(slot);
    }

    public void EnsureCapacity(int count)
    {
        _low.EnsureCapacity(count);
        _high.EnsureCapacity(count);
    }

    public void Trim(int count)
    {
        _low.Trim(count);
        _high.Trim(count);
    }

    public void Clear()
    {
        _low.Clear();
        _high.Clear();
        _outside.Clear();
    }
}
