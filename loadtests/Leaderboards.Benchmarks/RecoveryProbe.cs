using System.Diagnostics;
using Leaderboards.Engine;
using Leaderboards.Service.Catalog;
using Leaderboards.Service.Durability;
using Leaderboards.Service.Embedded;
using Leaderboards.Service.Keys;
using Leaderboards.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Leaderboards.Benchmarks;

/// <summary>
/// Restore and replay inside one process, without HTTP: imports the benchmark data into a board with the default
/// partitions, takes a snapshot, then times recovery from the snapshot and from the log alone.
/// </summary>
public static class RecoveryProbe
{
    public static async Task<int> RunAsync(string[] args)
    {
        string? only = args.Length > 2 ? args[2] : null;
        if (args.Length < 1 || !int.TryParse(args[0], out int members) || members <= 0 || only is not (null or "restore" or "replay"))
        {
            Console.Error.WriteLine("usage: recovery MEMBERS [DIRECTORY [restore|replay]]   (a DIRECTORY is kept and, when it exists, reused;" +
                                    " restore or replay times that one alone, as a freshly started process would meet it)");
            return 2;
        }

        // A kept directory lets a profiler watch recovery alone on a second run.
        bool keep = args.Length > 1;
        bool reuse = keep && Directory.Exists(args[1]);
        string root = keep ? Directory.CreateDirectory(args[1]).FullName : Directory.CreateTempSubdirectory("lb-recovery-").FullName;
        try
        {
            string withSnapshot = Path.Combine(root, "snapshot");
            string logOnly = Path.Combine(root, "log");
            if (!reuse)
            {
                await ImportAsync(withSnapshot, members, snapshot: true);
                await ImportAsync(logOnly, members, snapshot: false);
            }

            if (only is not null)
            {
                var alone = await RecoverAsync(only == "restore" ? withSnapshot : logOnly, members);
                Console.WriteLine($"members={members} {only}_seconds={alone.Wall.TotalSeconds:F2} {only}_cpu_seconds={alone.Cpu.TotalSeconds:F2}" +
                                  (only == "replay" ? $" replay_rate={members / alone.Wall.TotalSeconds:F0}/s" : ""));
                return 0;
            }

            var restore = await RecoverAsync(withSnapshot, members);
            var replay = await RecoverAsync(logOnly, members);
            Console.WriteLine($"members={members} restore_seconds={restore.Wall.TotalSeconds:F2} restore_cpu_seconds={restore.Cpu.TotalSeconds:F2} " +
                              $"replay_seconds={replay.Wall.TotalSeconds:F2} replay_cpu_seconds={replay.Cpu.TotalSeconds:F2} " +
                              $"replay_rate={members / replay.Wall.TotalSeconds:F0}/s");
            return 0;
        }
        finally
        {
            if (!keep)
                Directory.Delete(root, recursive: true);
        }
    }

    private static async Task ImportAsync(string directory, int members, bool snapshot)
    {
        var (store, catalog) = await OpenAsync(directory);
        await catalog.PutAsync("bench", new BoardChange(), CancellationToken.None);
        catalog.TryGet("bench", out var handle);
        var board = (await handle.CurrentSeasonAsync(CancellationToken.None)).Board;
        var random = new Random(BenchmarkData.Seed);
        var chunk = new ScoreSubmission[10_000];
        for (int start = 0; start < members; start += chunk.Length)
        {
            int n = Math.Min(chunk.Length, members - start);
            for (int i = 0; i < n; i++)
                chunk[i] = new ScoreSubmission(BenchmarkData.MemberId(start + i), random.Next(1_000_000_000));
            await board.ImportAsync(n == chunk.Length ? chunk : chunk[..n]);
        }

        if (snapshot)
            await store.SnapshotAsync(CancellationToken.None);
        await catalog.DisposeAsync();
        await store.DisposeAsync();
    }

    /// <summary>Wall time and the process's CPU time (all threads, GC included): the latter shows through a busy machine.</summary>
    private static async Task<(TimeSpan Wall, TimeSpan Cpu)> RecoverAsync(string directory, int members)
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var (store, catalog) = await OpenAsync(directory);
        var elapsed = (clock.Elapsed, Process.GetCurrentProcess().TotalProcessorTime - cpu);
        catalog.TryGet("bench", out var handle);
        long entries = await (await handle.CurrentSeasonAsync(CancellationToken.None)).Board.CountAsync(ReadConsistency.Strong);
        if (entries != members)
            throw new InvalidOperationException($"recovered {entries} entries, expected {members}");
        await catalog.DisposeAsync();
        await store.DisposeAsync();
        return elapsed;
    }

    private static async Task<(DurableStore Store, BoardCatalog Catalog)> OpenAsync(string directory)
    {
        var options = new PersistenceOptions { Fsync = FsyncPolicy.No, SnapshotInterval = TimeSpan.Zero };
        var store = new DurableStore(new DataDirectory(directory), options, TimeProvider.System, NullLogger<DurableStore>.Instance);
        var catalog = new BoardCatalog(store, TimeProvider.System);
        await store.RecoverAsync(catalog, new ApiKeyStore(store, TimeProvider.System), CancellationToken.None);
        return (store, catalog);
    }
}
