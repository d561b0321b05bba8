using System.Text;
using Leaderboards.Engine;
using Leaderboards.Service.Catalog;
using Leaderboards.Service.Durability;
using Leaderboards.Service.Embedded;
using Leaderboards.Service.Keys;
using Leaderboards.Service.Live;
using Leaderboards.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Leaderboards.Benchmarks;

/// <summary>
/// Heap before and after CYCLES rounds of: create a board, subscribe a connection to its top 10 and to one player,
/// submit 100 scores with about 1 KiB of metadata each, publish, delete the board, publish, disconnect. The boards, the
/// live feed and the catalog are the service's own, over a journal that keeps nothing. A steady heap means neither the
/// feed nor the catalog keeps a deleted board.
/// </summary>
public static class FeedChurnProbe
{
    private const int Warmup = 50;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 1 || !int.TryParse(args[0], out int cycles) || cycles <= 0)
        {
            Console.Error.WriteLine("usage: feed-churn CYCLES [OUT_FILE]   (CYCLES > 0)");
            return 2;
        }

        var feed = new LiveFeed(new NoPublisher(), NullLogger<LiveFeed>.Instance);
        // The real embedded store, in a directory of its own that goes with the probe; nothing is fsynced.
        string directory = Directory.CreateTempSubdirectory("feed-churn-").FullName;
        try
        {
            return await RunAsync(cycles, args, feed, directory);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<int> RunAsync(int cycles, string[] args, LiveFeed feed, string directory)
    {
        await using var store = new DurableStore(new DataDirectory(directory), new PersistenceOptions { Fsync = FsyncPolicy.No },
            TimeProvider.System, NullLogger<DurableStore>.Instance);
        await using var catalog = new BoardCatalog(store, TimeProvider.System, [feed]);
        await store.RecoverAsync(catalog, new ApiKeyStore(store, TimeProvider.System), CancellationToken.None);
        byte[] metadata = Encoding.UTF8.GetBytes($"{{\"note\":\"{new string('x', 1000)}\"}}");
        for (int i = 0; i < Warmup; i++)
            await CycleAsync(catalog, feed, $"warmup-{i}", metadata);
        long before = MemoryProbe.FullCollect();
        for (int i = 0; i < cycles; i++)
            await CycleAsync(catalog, feed, $"churn-{i}", metadata);
        long after = MemoryProbe.FullCollect();

        string line = $"cycles={cycles} heap_before={before} heap_after={after} growth_bytes={after - before} " +
                      $"growth_per_cycle={(after - before) / (double)cycles:F0} boards_left={catalog.All.Count()}";
        Console.WriteLine(line);
        if (args.Length > 1)
            await File.WriteAllTextAsync(args[1], line + "\n");
        return 0;
    }

    private static async Task CycleAsync(BoardCatalog catalog, LiveFeed feed, string boardId, byte[] metadata)
    {
        var (handle, _) = await catalog.PutAsync(boardId, new BoardChange { PublicRead = true }, CancellationToken.None);
        string connection = "connection-" + boardId;
        feed.Connected();
        feed.AddTop(connection, boardId, 10);
        feed.AddPlayer(connection, boardId, "p0", default);
        var scores = Enumerable.Range(0, 100).Select(i => new ScoreSubmission($"p{i}", i, Metadata: metadata)).ToArray();
        await handle.Board.SubmitBatchAsync(scores);
        await feed.PublishDueAsync(CancellationToken.None);
        await catalog.DeleteAsync(boardId, CancellationToken.None);
        await feed.PublishDueAsync(CancellationToken.None);
        feed.RemoveConnection(connection);
    }

    private sealed class NoPublisher : ILivePublisher
    {
        public void PublishTop(TopUpdate top, IReadOnlyCollection<string> connectionIds)
        {
        }

        public void PublishRank(string connectionId, RankUpdate update)
        {
        }

        public void Unsubscribed(string connectionId, string boardId)
        {
        }
    }
}
