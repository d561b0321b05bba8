using Leaderboards.Server.Observability;

namespace Leaderboards.Server.Tests.Observability;

/// <summary>A series is updated from every request thread at once, without a lock: no update may be lost.</summary>
public sealed class SeriesTests
{
    private const int Threads = 4;
    private const int PerThread = 100_000;

    [Fact]
    public void ConcurrentAdds_AreAllCounted()
    {
        var series = new MetricsCollector.Series(null);
        Parallel.For(0, Threads, _ =>
        {
            for (int i = 0; i < PerThread; i++)
                series.Add(0.5);
        });

        Assert.Equal(Threads * PerThread * 0.5, series.Read().Value);
    }

    [Fact]
    public void ConcurrentObservations_FillTheBuckets_AndTheCountIsTheirSum()
    {
        double[] bounds = [1, 10];
        var series = new MetricsCollector.Series(bounds);
        Parallel.For(0, Threads, t =>
        {
            for (int i = 0; i < PerThread; i++)
                series.Observe(i % 3 == 0 ? 0.5 : i % 3 == 1 ? 5 : 50, bounds);
        });

        var (sum, count, cumulative) = series.Read();
        Assert.Equal(Threads * PerThread, count);
        int[] perBucket = [(PerThread + 2) / 3, (PerThread + 1) / 3, PerThread / 3];
        Assert.Equal([Threads * perBucket[0], Threads * (perBucket[0] + perBucket[1]), Threads * PerThread], cumulative!);
        Assert.Equal(Threads * (perBucket[0] * 0.5 + perBucket[1] * 5.0 + perBucket[2] * 50.0), sum);
    }

    [Fact]
    public void ANaNSum_DoesNotStopLaterAdds()
    {
        var series = new MetricsCollector.Series(null);
        series.Add(double.NaN);
        series.Add(1);
        Assert.True(double.IsNaN(series.Read().Value));
    }
}
