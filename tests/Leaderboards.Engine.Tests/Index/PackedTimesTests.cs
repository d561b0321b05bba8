using Leaderboards.Engine.Index.Internal;

namespace Leaderboards.Engine.Tests.Index;

public sealed class PackedTimesTests
{
    [Fact]
    public void EveryTime_ReadsBackAsWritten_InsideAndOutsideTheCompactRange()
    {
        long[] times =
        [
            0, 1, -1, 1_763_700_000_000, -(1L << 47) + 1, (1L << 47) - 1, -(1L << 47), 1L << 47,
            long.MinValue, long.MaxValue, long.MinValue + 1, (1L << 48) + 5, -(1L << 48),
        ];
        var packed = new PackedTimes();
        packed.EnsureCapacity(times.Length * 2);
        for (int i = 0; i < times.Length; i++)
            packed.Set(i, times[i]);
        for (int i = 0; i < times.Length; i++)
            Assert.Equal(times[i], packed.Get(i));

        // A slot that held an outside time and then an ordinary one reads the ordinary one.
        for (int i = 0; i < times.Length; i++)
            packed.Set(i, i * 1_000L);
        for (int i = 0; i < times.Length; i++)
            Assert.Equal(i * 1_000L, packed.Get(i));

        packed.Set(times.Length, long.MaxValue);
        packed.Release(times.Length);
        packed.Set(times.Length, 42);
        Assert.Equal(42, packed.Get(times.Length));
    }
}
