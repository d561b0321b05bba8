using System.Collections.Concurrent;
using Leaderboards.Engine.Boards;
using Leaderboards.Engine.Tests.Support;

namespace Leaderboards.Engine.Tests.Boards;

/// <summary>
/// Single submits, batches and multi-board submits at once, with the log refusing about one append in ten: nothing
/// deadlocks, every acknowledged write is there and no refused one is, and the state is exactly the accepted log replayed.
/// </summary>
public sealed class LogConcurrencyTests
{
    private const int Writers = 8;
    private const int OperationsPerWriter = 200;
    private const int Players = 60;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task MixedWritesWithRandomRefusals_StateEqualsTheAcceptedLogReplayed(bool removesAndClears)
    {
        var log = new RecordingChangeLog();
        log.RefuseRandomly(0.1, seed: 5);
        var boards = await AtomicWriteTests.CreateBoardsAsync(log, UpdatePolicy.Sum);
        try
        {
            // Under sum every acknowledged increment counts once and every refused one not at all, whatever the order.
            var expected = new ConcurrentDictionary<(int Board, string Player), long>();
            int refusals = 0;

            void Accept(int board, ScoreSubmission s) => expected.AddOrUpdate((board, s.PlayerId), s.Score, (_, total) => total + s.Score);

            async Task WriteAsync(int seed)
            {
                var random = new Random(seed);
                for (int op = 0; op < OperationsPerWriter; op++)
                {
                    int kind = random.Next(removesAndClears ? 6 : 4);
                    int b = random.Next(boards.Length);
                    try
                    {
                        if (kind < 2)
                        {
                            var s = new ScoreSubmission("p" + random.Next(Players), random.Next(1, 100));
                            await boards[b].SubmitAsync(s);
                            Accept(b, s);
                        }
                        else if (kind == 2)
                        {
                            // Repeats allowed: a batch may add to one player twice.
                            var batch = Enumerable.Range(0, random.Next(2, 20)).Select(_ => new ScoreSubmission("p" + random.Next(Players), random.Next(1, 100))).ToArray();
                            await boards[b].SubmitBatchAsync(batch);
                            foreach (var s in batch)
                                Accept(b, s);
                        }
                        else if (kind == 4)
                        {
                            await boards[b].RemoveAsync("p" + random.Next(Players));
                        }
                        else if (kind == 5 && random.Next(20) == 0)
                        {
                            await boards[b].ClearAsync();
                        }
                        else
                        {
                            var s = new ScoreSubmission("p" + random.Next(Players), random.Next(1, 100));
                            await Board.SubmitAcrossAsync(boards.Select(board => (board, s)).ToArray());
                            for (int i = 0; i < boards.Length; i++)
                                Accept(i, s);
                        }
                    }
                    catch (LogRefusedException)
                    {
                        Interlocked.Increment(ref refusals);
                    }
                }
            }

            await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(() => WriteAsync(100 + w)))).WaitAsync(TimeSpan.FromSeconds(60));

            // One refused append fails every write of its round, so there are at least as many failed writes as refusals.
            Assert.InRange(log.Refused, 1, log.Attempts - 1);
            Assert.True(refusals >= log.Refused, $"{refusals} failed writes for {log.Refused} refused appends");
            for (int b = 0; b < boards.Length; b++)
            {
                var all = await BoardModelTests.ReadAllAsync(boards[b]);
                // With removes and clears the order of writes matters, so only the replay below is the reference.
                if (!removesAndClears)
                    Assert.Equal(expected.Where(e => e.Key.Board == b).Select(e => (e.Key.Player, e.Value)).Order(), all.Select(e => (e.PlayerId, e.Score)).Order());
                await LogFirstTests.WaitForReplicasAsync(boards[b]);
                Assert.Equal(all, await BoardModelTests.ReadAllAsync(boards[b], ReadConsistency.Eventual));
            }

            await AssertEqualsReplayAsync(boards, log.Accepted);
        }
        finally
        {
            foreach (var board in boards)
                await board.DisposeAsync();
        }
    }

    /// <summary>Loads the accepted appends into fresh boards, as recovery would, and compares entries and sequences.</summary>
    private static async Task AssertEqualsReplayAsync(Board[] boards, IReadOnlyList<LoggedBatch[]> accepted)
    {
        foreach (var board in boards)
        {
            await using var replayed = await Board.CreateAsync(board.Id, board.Options with { Replicas = 0 });
            for (int p = 0; p < board.Partitions.Count; p++)
            {
                var changes = accepted.SelectMany(a => a).Where(b => b.Board == board && b.Batch.Partition == p).SelectMany(b => b.Batch.Changes).ToArray();
                Assert.Equal(Enumerable.Range(1, changes.Length).Select(i => (long)i), changes.Select(c => c.Sequence));
                await replayed.LoadAsync(p, changes, changes.Length);
            }

            Assert.Equal(board.GetStatus().Partitions.Select(s => s.Sequence), replayed.GetStatus().Partitions.Select(s => s.Sequence));
            Assert.Equal(await BoardModelTests.ReadAllAsync(board), await BoardModelTests.ReadAllAsync(replayed));
        }
    }
}
