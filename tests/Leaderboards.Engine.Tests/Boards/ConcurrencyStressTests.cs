using Leaderboards.Engine.Boards;

namespace Leaderboards.Engine.Tests.Boards;

/// <summary>Writers and readers at once, bounded in operations and time: every read must be internally consistent.</summary>
public sealed class ConcurrencyStressTests
{
    [Theory]
    [InlineData(1, 0)]
    [InlineData(8, 2)]
    public async Task ConcurrentWritersAndReaders_EveryReadIsOrdered(int partitions, int replicas)
    {
        await using var board = await Board.CreateAsync("stress", new BoardOptions { Partitions = partitions, Replicas = replicas, UpdatePolicy = UpdatePolicy.Latest });
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        int writesLeft = 40_000;
        long reads = 0;

        async Task WriteAsync(int seed)
        {
            var random = new Random(seed);
            while (Interlocked.Decrement(ref writesLeft) >= 0 && !deadline.IsCancellationRequested)
            {
                if (random.Next(20) == 0)
                    await board.RemoveAsync("p" + random.Next(5_000));
                else
                    await board.SubmitAsync(new ScoreSubmission("p" + random.Next(5_000), random.Next(1_000)));
            }
        }

        async Task ReadAsync(int seed)
        {
            var random = new Random(seed);
            var consistency = seed % 2 == 0 ? ReadConsistency.Strong : ReadConsistency.Eventual;
            while (Volatile.Read(ref writesLeft) > 0 && !deadline.IsCancellationRequested)
            {
                long offset = random.Next(3) == 0 ? 0 : random.Next(4_000);
                var page = await board.PageAsync(offset, 100, consistency);
                for (int i = 1; i < page.Count; i++)
                {
                    Assert.True(page[i].Rank > page[i - 1].Rank, "ranks strictly increase");
                    Assert.True(page[i].Score <= page[i - 1].Score, "scores never increase down the board");
                }

                if (page.Count > 0)
                {
                    Assert.Equal(offset + 1, page[0].Rank);
                    var standing = await board.GetPlayerAsync(page[0].PlayerId, consistency);
                    if (standing is not null)
                        Assert.InRange(standing.Entry.Rank, 1, standing.Total);
                }

                Interlocked.Increment(ref reads);
            }
        }

        await Task.WhenAll(Task.Run(() => WriteAsync(1)), Task.Run(() => WriteAsync(2)), Task.Run(() => ReadAsync(3)), Task.Run(() => ReadAsync(4)));
        Assert.True(Interlocked.Read(ref reads) > 0);

        // Once quiet, the board is exactly sorted and replicas agree.
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await board.WaitForReplicasAsync(wait.Token);
        var all = await BoardModelTests.ReadAllAsync(board, ReadConsistency.Strong);
        Assert.Equal(await board.CountAsync(ReadConsistency.Strong), all.Count);
        Assert.Equal(all.Count, all.Select(e => e.PlayerId).Distinct().Count());
        Assert.Equal(all, await BoardModelTests.ReadAllAsync(board, ReadConsistency.Eventual));
    }
}
