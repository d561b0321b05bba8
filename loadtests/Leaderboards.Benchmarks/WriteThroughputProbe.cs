using System.Diagnostics;
using Leaderboards.Engine;
using Leaderboards.Engine.Boards;

namespace Leaderboards.Benchmarks;

/// <summary>
/// Score changes a second with several writers at once, which one caller's latency in BoardBenchmarks cannot show:
/// each partition has one writer loop, so partitions are what lets writes use more than one core.
/// </summary>
public static class WriteThroughputProbe
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 4 || !int.TryParse(args[0], out int members) || !int.TryParse(args[1], out int partitions)
            || !int.TryParse(args[2], out int writers) || !double.TryParse(args[3], System.Globalization.CultureInfo.InvariantCulture, out double seconds)
            || members <= 0 || partitions is < 1 or > 256 || writers is < 1 or > 256 || seconds is <= 0 or > 60)
        {
            Console.Error.WriteLine("usage: write-throughput MEMBERS PARTITIONS WRITERS SECONDS [BATCH]   (SECONDS at most 60, BATCH 1..10000, default 1)");
            return 2;
        }

        int batch = args.Length > 4 ? int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : 1;
        if (batch is < 1 or > 10_000)
        {
            Console.Error.WriteLine("BATCH must be from 1 to 10000.");
            return 2;
        }

        await using var board = await BenchmarkData.LoadBoardAsync(members, partitions);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var clock = Stopwatch.StartNew();
        var counts = await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(() => WriteAsync(board, members, batch, w, stop.Token))));
        double elapsed = clock.Elapsed.TotalSeconds;
        long total = counts.Sum();
        Console.WriteLine($"members={members} partitions={partitions} writers={writers} batch={batch} seconds={elapsed:F1} " +
                          $"score_changes={total} rate={total / elapsed:F0}/s");
        return 0;
    }

    private static async Task<long> WriteAsync(Board board, int members, int batch, int writer, CancellationToken stop)
    {
        var random = new Random(1_000 + writer);
        var submissions = new ScoreSubmission[batch];
        long done = 0;
        while (!stop.IsCancellationRequested)
        {
            for (int i = 0; i < batch; i++)
                submissions[i] = new ScoreSubmission(BenchmarkData.MemberId(random.Next(members)), random.Next(1_000_000_000));
            if (batch == 1)
                await board.SubmitAsync(submissions[0]);
            else
                await board.SubmitBatchAsync(submissions);
            done += batch;
        }

        return done;
    }
}
