using System.Runtime.CompilerServices;

namespace Leaderboards.Engine.Index.Internal;

/// <summary>
/// Least-significant-digit radix sorts of keys with a value each, one byte a pass, stable. Every byte's histogram is
/// counted in one read first, and a pass whose byte is the same in every key is skipped. Unlike a comparison sort, the
/// cost is a few sequential passes whatever the order the keys come in, and no generic code waits to be compiled.
/// From a million keys each pass moves the two halves on two cores: the second half's keys of a digit go after the
/// first half's, so the sort stays stable.
/// </summary>
internal static class RadixSort
{
    private const int ParallelFrom = 1 << 20;

    /// <summary>
    /// <paramref name="keys"/> ascending with <paramref name="values"/> moved along: the arrays given, or, after an odd
    /// number of passes, arrays of the same length that were the buffer (the given ones then hold an earlier pass).
    /// </summary>
    public static (uint[] Keys, int[] Values) Sort(uint[] keys, int[] values) => Sort<uint, UnsignedDigits>(keys, values, sizeof(uint));

    /// <summary>As above, for signed 64-bit keys.</summary>
    public static (long[] Keys, int[] Values) Sort(long[] keys, int[] values) => Sort<long, SignedDigits>(keys, values, sizeof(long));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (TKey[] Keys, int[] Values) Sort<TKey, TDigits>(TKey[] keys, int[] values, int bytes)
        where TDigits : IDigits<TKey>
    {
        int n = keys.Length;
        var totals = new int[bytes * 256];
        foreach (var key in keys)
        {
            for (int pass = 0; pass < bytes; pass++)
                totals[pass * 256 + TDigits.Of(key, pass * 8)]++;
        }

        bool parallel = n >= ParallelFrom && Environment.ProcessorCount > 1;
        int half = parallel ? n / 2 : n;
        var firstHalf = new int[256];
        var startsA = new int[256];
        var startsB = new int[256];
        TKey[] keyBuffer = [];
        int[] valueBuffer = [];
        for (int pass = 0; pass < bytes; pass++)
        {
            var total = totals.AsSpan(pass * 256, 256);
            // Every key has the same digit here: the pass would move nothing.
            if (n == 0 || total.Contains(n))
                continue;
            if (keyBuffer.Length == 0)
                (keyBuffer, valueBuffer) = (GC.AllocateUninitializedArray<TKey>(n), GC.AllocateUninitializedArray<int>(n));

            int shift = pass * 8;
            if (parallel)
            {
                Array.Clear(firstHalf);
                for (int i = 0; i < half; i++)
                    firstHalf[TDigits.Of(keys[i], shift)]++;
            }
            else
            {
                total.CopyTo(firstHalf);
            }

            int sum = 0;
            for (int digit = 0; digit < 256; digit++)
            {
                startsA[digit] = sum;
                startsB[digit] = sum + firstHalf[digit];
                sum += total[digit];
            }

            var (k, v, kb, vb) = (keys, values, keyBuffer, valueBuffer);
            if (parallel)
                Parallel.Invoke(() => Scatter<TKey, TDigits>(k, v, 0, half, startsA, kb, vb, shift), () => Scatter<TKey, TDigits>(k, v, half, n, startsB, kb, vb, shift));
            else
                Scatter<TKey, TDigits>(keys, values, 0, n, startsA, keyBuffer, valueBuffer, shift);
            (keys, keyBuffer) = (keyBuffer, keys);
            (values, valueBuffer) = (valueBuffer, values);
        }

        return (keys, values);
    }

    /// <summary>Moves keys [<paramref name="from"/>, <paramref name="to"/>) to their digit's next place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Scatter<TKey, TDigits>(TKey[] keys, int[] values, int from, int to, int[] starts, TKey[] keyOut, int[] valueOut, int shift)
        where TDigits : IDigits<TKey>
    {
        for (int i = from; i < to; i++)
        {
            int at = starts[TDigits.Of(keys[i], shift)]++;
            keyOut[at] = keys[i];
            valueOut[at] = values[i];
        }
    }

    private interface IDigits<TKey>
    {
        /// <summary>The byte of <paramref name="key"/> at <paramref name="shift"/>, in the order the keys sort.</summary>
        static abstract int Of(TKey key, int shift);
    }

    private readonly struct UnsignedDigits : IDigits<uint>
    {
        public static int Of(uint key, int shift) => (int)((key >> shift) & 0xFF);
    }

    private readonly struct SignedDigits : IDigits<long>
    {
        private const ulong SignBit = 1UL << 63;

        // With the sign bit flipped, signed order is the unsigned order of the bytes.
        public static int Of(long key, int shift) => (int)((((ulong)key ^ SignBit) >> shift) & 0xFF);
    }
}
