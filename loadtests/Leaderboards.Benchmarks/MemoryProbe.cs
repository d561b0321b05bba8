using System.Diagnostics;

namespace Leaderboards.Benchmarks;

/// <summary>Heap bytes per member after a full collection, for a board of the benchmark data.</summary>
public static class MemoryProbe
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 1 || !int.TryParse(args[0], out int members) || members <= 0)
        {
            Console.Error.WriteLine("usage: memory MEMBERS [PARTITIONS] [import|load]   (MEMBERS > 0, PARTITIONS 1..256, default 1; " +
                                    "import: Board.ImportAsync, load: staged recovery load)");
            return 2;
        }

        int partitions = 1;
        if (args.Length > 1 && (!int.TryParse(args[1], out partitions) || partitions is < 1 or > 256))
        {
            Console.Error.WriteLine("PARTITIONS must be a whole number from 1 to 256.");
            return 2;
        }

        bool load = args.Length > 2 && args[2] == "load";
        long before = FullCollect();
        var clock = Stopwatch.StartNew();
        var board = load ? await BenchmarkData.LoadRecoveredBoardAsync(members, partitions) : await BenchmarkData.LoadBoardAsync(members, partitions);
        double loadSeconds = clock.Elapsed.TotalSeconds;
        long after = FullCollect();
        double perMember = (after - before) / (double)members;
        Console.WriteLine($"members={members} partitions={partitions} path={(load ? "load" : "import")} load_seconds={loadSeconds:F2} " +
                          $"load_rate={members / loadSeconds:F0}/s heap_bytes={after - before} bytes_per_member={perMember:F1}");
        GC.KeepAlive(board);
        await board.DisposeAsync();
        return 0;
    }

    /// <summary>The heap after a full, compacting collection, finalizers run.</summary>
    internal static long FullCollect()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
