using System.Runtime.CompilerServices;

namespace Leaderboards.Engine.Index.Internal;

/// <summary>A least-significant-digit radix sort of 32-bit keys with a value each: four passes of one byte, stable.</summary>
internal static class HashOrder
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Sort(uint[] keys, int[] values)
    {
        var keyBuffer = new uint[keys.Length];
        var valueBuffer = new int[values.Length];
        Span<int> starts = stackalloc int[256];
        // Four passes (an even number) leave the sorted keys and values in the arrays given.
        for (int shift = 0; shift < 32; shift += 8)
        {
            starts.Clear();
            foreach (uint key in keys)
                starts[(int)((key >> shift) & 0xFF)]++;
            int sum = 0;
            for (int digit = 0; digit < 256; digit++)
                (starts[digit], sum) = (sum, sum + starts[digit]);
            for (int i = 0; i < keys.Length; i++)
            {
                int at = starts[(int)((keys[i] >> shift) & 0xFF)]++;
                keyBuffer[at] = keys[i];
                valueBuffer[at] = values[i];
            }

            (keys, keyBuffer) = (keyBuffer, keys);
            (values, valueBuffer) = (valueBuffer, values);
        }
    }
}
