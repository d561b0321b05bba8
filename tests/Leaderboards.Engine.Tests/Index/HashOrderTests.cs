using Leaderboards.Engine.Index.Internal;

namespace Leaderboards.Engine.Tests.Index;

public sealed class HashOrderTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1_000)]
    [InlineData(2, 100_000)]
    public void Sort_OrdersByKey_AndKeepsTheOrderOfEqualKeys(int seed, int count)
    {
        var random = new Random(seed);
        // Few distinct keys in part of the range, so that runs of equal keys are long, and every byte of a key varies.
        var keys = Enumerable.Range(0, count).Select(_ => random.Next(2) == 0 ? (uint)random.Next(50) << 24 : (uint)random.NextInt64(uint.MaxValue + 1L)).ToArray();
        var values = Enumerable.Range(0, count).ToArray();
        var expected = keys.Zip(values).OrderBy(pair => pair.First).ThenBy(pair => pair.Second).ToArray();

        HashOrder.Sort(keys, values);

        Assert.Equal(expected.Select(pair => pair.First), keys);
        Assert.Equal(expected.Select(pair => pair.Second), values);
    }
}
