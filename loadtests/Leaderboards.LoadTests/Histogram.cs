namespace Leaderboards.LoadTests;

/// <summary>Latencies in microsecond buckets that grow by about 2% (HDR-style): fixed memory, quantiles within 2%.</summary>
internal sealed class Histogram
{
    private const double Growth = 1.02;
    private readonly long[] _counts = new long[1200];
    private long _total;
    private double _max;

    public long Count => Interlocked.Read(ref _total);

    public void Record(TimeSpan latency)
    {
        double micros = Math.Max(1, latency.TotalMicroseconds);
        int bucket = Math.Min(_counts.Length - 1, (int)(Math.Log(micros) / Math.Log(Growth)));
        Interlocked.Increment(ref _counts[bucket]);
        Interlocked.Increment(ref _total);
        double seen;
        while (micros > (seen = Volatile.Read(ref _max)) && Interlocked.CompareExchange(ref _max, micros, seen) != seen)
        {
        }
    }

    /// <summary>The latency at quantile <paramref name="q"/> (0..1), in milliseconds.</summary>
    public double QuantileMs(double q)
    {
        long total = Count;
        if (total == 0)
            return 0;
        long target = (long)Math.Ceiling(q * total), seen = 0;
        for (int i = 0; i < _counts.Length; i++)
        {
            seen += Interlocked.Read(ref _counts[i]);
            if (seen >= target)
                return Math.Pow(Growth, i + 1) / 1000;
        }
        return _max / 1000;
    }

    public double MaxMs => Volatile.Read(ref _max) / 1000;
}
