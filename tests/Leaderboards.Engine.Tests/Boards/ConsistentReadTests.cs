using System.Diagnostics;
using Leaderboards.Engine.Boards;
using Leaderboards.Engine.Tests.Support;
using Xunit.Abstractions;

namespace Leaderboards.Engine.Tests.Boards;

/// <summary>
/// Eight writers move, add and remove entries while one reader asks for neighbourhoods, pages with their total and
/// friends lists: every answer must be what one state of the board would answer. Bounded in calls and in time.
/// </summary>
public sealed class ConsistentReadTests(ITestOutputHelper output)
{
    private const int Players = 300;
    private const int Writers = 8;
    private const int MaxReads = 100_000;
    private const int MaxWritesPerWriter = 2_000_000;
    private static readonly TimeSpan ReadTime = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData(1, 0, ReadConsistency.Strong, RankMode.Ordinal, SortOrder.Descending)]
    [InlineData(8, 0, ReadConsistency.Strong, RankMode.Ordinal, SortOrder.Descending)]
    [InlineData(1, 0, ReadConsistency.Strong, RankMode.Competition, SortOrder.Ascending)]
    [InlineData(8, 0, ReadConsistency.Strong, RankMode.Competition, SortOrder.Ascending)]
    [InlineData(8, 2, ReadConsistency.Eventual, RankMode.Ordinal, SortOrder.Descending)]
    public async Task ReadsUnderConcurrentWrites_AreEachOneConsistentCut(int partitions, int replicas, ReadConsistency consistency, RankMode mode, SortOrder order)
    {
        var options = new BoardOptions { Partitions = partitions, Replicas = replicas, RankMode = mode, Order = order, UpdatePolicy = UpdatePolicy.Latest };
        await using var board = await Board.CreateAsync("cut", options);
        // Few distinct values on competition boards, so that shared ranks are everywhere.
        int values = mode == RankMode.Competition ? 40 : 1_000;
        await board.SubmitBatchAsync([.. Enumerable.Range(0, Players).Select(i => new ScoreSubmission(Id(i), i % values))]);
        var checker = new CutChecker(options);
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();

        async Task WriteAsync(int seed)
        {
            var random = new Random(seed);
            for (int i = 0; i < MaxWritesPerWriter && !stop.IsCancellationRequested && clock.Elapsed < 2 * ReadTime; i++)
            {
                string player = Id(random.Next(Players));
                if (random.Next(50) == 0)
                    await board.RemoveAsync(player);
                else
                    await board.SubmitAsync(new ScoreSubmission(player, random.Next(values), random.Next(2)));
            }
        }

        // Torn reads by kind: around, page with total, friends.
        var torn = new long[3];

        async Task<(long Reads, string? First)> ReadAsync()
        {
            var random = new Random(99);
            long reads = 0;
            string? first = null;
            for (; reads < MaxReads && clock.Elapsed < ReadTime; reads++)
            {
                string? problem;
                switch (reads % 3)
                {
                    case 0:
                        string player = Id(random.Next(Players));
                        int count = random.Next(1, 4);
                        problem = checker.Around(player, count, await board.AroundAsync(player, count, consistency));
                        break;
                    case 1:
                        long offset = random.Next(Players);
                        int limit = random.Next(1, 11);
                        problem = checker.Page(offset, limit, await board.PageWithTotalAsync(offset, limit, consistency));
                        break;
                    default:
                        string[] friends = [.. Enumerable.Range(0, 5).Select(_ => Id(random.Next(Players)))];
                        problem = checker.Players(await board.QueryPlayersAsync(friends, consistency));
                        break;
                }

                if (problem is not null)
                {
                    torn[reads % 3]++;
                    first ??= problem;
                }
            }

            return (reads, first);
        }

        var writers = Enumerable.Range(1, Writers).Select(seed => Task.Run(() => WriteAsync(seed))).ToArray();
        (long Reads, string? First) result;
        try
        {
            result = await Task.Run(ReadAsync);
        }
        finally
        {
            stop.Cancel();
            await Task.WhenAll(writers);
        }

        long tornReads = torn.Sum();
        output.WriteLine($"{result.Reads} reads in {clock.Elapsed.TotalSeconds:F1} s; not one cut: {torn[0]} around, {torn[1]} pages, {torn[2]} friends lists");
        Assert.True(result.Reads > 0);
        Assert.True(tornReads == 0, $"{tornReads} of {result.Reads} reads were not one consistent cut; the first: {result.First}");
    }

    private static string Id(int i) => "p" + i;
}
