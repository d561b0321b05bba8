using Leaderboards.Engine.Index.Internal;

namespace Leaderboards.Engine.Tests.Index;

public sealed class RadixSortTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1_000)]
    [InlineData(2, 100_000)]
    [InlineData(3, 1_200_000)]
    public void Sort_OrdersByKey_AndKeepsTheOrderOfEqualKeys(int seed, int count)
    {
        // From a million keys the halves are moved on two cores.
        var random = new Random(seed);
        // Few distinct keys in part of the range, so that runs of equal keys are long, and every byte of a key varies.
        var keys = Enumerable.Range(0, count).Select(_ => random.Next(2) == 0 ? (uint)random.Next(50) << 24 : (uint)random.NextInt64(uint.MaxValue + 1L)).ToArray();

        AssertSortedStably(keys, RadixSort.Sort);
    }

    [Theory]
    [InlineData(0, 1, 0)]
    [InlineData(1, 1_000, 0)]
    [InlineData(2, 100_000, 0)]
    [InlineData(3, 100_000, 1)]
    [InlineData(4, 100_000, 2)]
    [InlineData(5, 5_000, 3)]
    [InlineData(6, 1_500_000, 0)]
    [InlineData(7, 1_500_000, 2)]
    public void Sort_OrdersSignedKeys_AndKeepsTheOrderOfEqualKeys(int seed, int count, int shape)
    {
        var random = new Random(seed);
        long Next() => shape switch
        {
            // Anywhere in the range, negative ones included, and a few long runs of equal keys.
            0 => random.Next(3) == 0 ? random.Next(-20, 20) * (1L << 40) : random.NextInt64(long.MinValue, long.MaxValue),
            // Scores as most boards have them: small, so most bytes are the same in every key and their passes are skipped.
            1 => random.Next(1_000_000_000),
            // Descending scores as the index keeps them (complemented), across zero.
            2 => ~(long)random.Next(-5, 1_000_000_000),
            // One key only: nothing moves.
            _ => 42,
        };
        var keys = Enumerable.Range(0, count).Select(_ => Next()).ToArray();

        AssertSortedStably(keys, RadixSort.Sort);
    }

    [Fact]
    public void Sort_OfNothing_IsNothing()
    {
        var (keys, values) = RadixSort.Sort(Array.Empty<long>(), []);
        Assert.Empty(keys);
        Assert.Empty(values);
    }

    /// <summary>Sorts the keys with their positions as values: the keys must come out ascending, equal ones in their first order.</summary>
    private static void AssertSortedStably<TKey>(TKey[] keys, Func<TKey[], int[], (TKey[] Keys, int[] Values)> sort)
    {
        var values = Enumerable.Range(0, keys.Length).ToArray();
        var expected = keys.Zip(values).OrderBy(pair => pair.First).ThenBy(pair => pair.Second).ToArray();

        var (sortedKeys, sortedValues) = sort(keys, values);

        Assert.Equal(expected.Select(pair => pair.First), sortedKeys);
        Assert.Equal(expected.Select(pair => pair.Second), sortedValues);
    }
}
