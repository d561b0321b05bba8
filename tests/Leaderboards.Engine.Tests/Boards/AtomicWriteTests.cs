using Leaderboards.Engine.Boards;
using Leaderboards.Engine.Tests.Support;

namespace Leaderboards.Engine.Tests.Boards;

/// <summary>A batch over many partitions, and a submit to many boards, reach the log as one append: all or none.</summary>
public sealed class AtomicWriteTests
{
    private static readonly ScoreSubmission[] Batch = Enumerable.Range(0, 400).Select(i => new ScoreSubmission("p" + i, i * 7 % 1000)).ToArray();

    [Fact]
    public async Task BatchOverEightPartitions_Refused_LeavesNoEntryAnywhere()
    {
        var (board, log, sink) = await CreateAsync("refused");
        await using var _ = board;
        Assert.Equal(8, Batch.Select(s => board.PartitionOf(s.PlayerId)).Distinct().Count());

        log.RefuseNext();
        await Assert.ThrowsAsync<LogRefusedException>(() => board.SubmitBatchAsync(Batch).AsTask());

        Assert.Equal(0, await board.CountAsync(ReadConsistency.Strong));
        await LogFirstTests.WaitForReplicasAsync(board);
        Assert.Equal(0, await board.CountAsync(ReadConsistency.Eventual));
        Assert.Empty(sink.Batches);
        Assert.All(board.GetStatus().Partitions, p => Assert.Equal(0, p.Sequence));
        Assert.Empty(log.Accepted);
        Assert.Equal(1, log.Attempts);

        // The partitions took nothing from the refused batch: the same batch then lands whole, numbered from 1.
        await board.SubmitBatchAsync(Batch);
        Assert.Equal(Batch.Length, await board.CountAsync(ReadConsistency.Strong));
        Assert.All(sink.Batches, b => Assert.Equal(1, b.FirstSequence));
    }

    [Fact]
    public async Task BatchOverEightPartitions_Accepted_IsOneAppendHoldingEveryPartitionsShare()
    {
        var (board, log, sink) = await CreateAsync("accepted");
        await using var _ = board;

        var results = await board.SubmitBatchAsync(Batch);

        var append = Assert.Single(log.Accepted);
        Assert.Equal(Enumerable.Range(0, 8), append.Select(b => b.Batch.Partition).Order());
        Assert.All(append, b => Assert.Same(board, b.Board));
        Assert.Equal(Batch.Select(s => s.PlayerId).Order(), append.SelectMany(b => b.Batch.Changes).Select(c => c.PlayerId).Order());
        Assert.Equal(Batch.Length, sink.Changes.Count);

        var model = new BoardModel(board.Options);
        foreach (var s in Batch)
            model.Submit(s, 0);
        var ranks = model.Ranked().ToDictionary(r => r.Entry.PlayerId, r => r.Rank);
        Assert.All(results, r => Assert.Equal(ranks[r.PlayerId], r.Rank));
        await LogFirstTests.WaitForReplicasAsync(board);
        Assert.Equal(await BoardModelTests.ReadAllAsync(board), await BoardModelTests.ReadAllAsync(board, ReadConsistency.Eventual));
    }

    [Fact]
    public async Task BatchThatRepeatsAPlayer_AddsUpInOrder_UnderSum()
    {
        await using var board = await Board.CreateAsync("dup", new BoardOptions { Partitions = 4, UpdatePolicy = UpdatePolicy.Sum });
        var log = new RecordingChangeLog();
        await board.AttachLogAsync(log);
        await board.SubmitAsync(new ScoreSubmission("a", 100));
        await board.SubmitAsync(new ScoreSubmission("b", 50));

        var results = await board.SubmitBatchAsync([new("a", 10), new("c", 1), new("a", 7), new("b", 10)]);

        Assert.Equal([110L, 1L, 117L, 60L], results.Select(r => r.Score));
        Assert.Equal([1L, null, 1L, 2L], results.Select(r => r.PreviousRank));
        Assert.Equal([1L, 3L, 1L, 2L], results.Select(r => r.Rank));
        Assert.Equal(117, (await board.GetPlayerAsync("a", ReadConsistency.Strong))!.Entry.Score);
        Assert.Equal(3, log.Accepted.Count);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public async Task LargeBatchesWithRepeats_MatchTheModel_UnderEveryPolicy(int partitions)
    {
        var random = new Random(partitions);
        foreach (var policy in new[] { UpdatePolicy.Best, UpdatePolicy.Latest, UpdatePolicy.Sum })
        {
            var options = new BoardOptions { Partitions = partitions, UpdatePolicy = policy };
            var clock = new ManualTimeProvider();
            await using var board = await Board.CreateAsync("large", options, clock);
            await board.AttachLogAsync(new RecordingChangeLog());
            var model = new BoardModel(options);
            for (int round = 0; round < 4; round++)
            {
                clock.Advance(TimeSpan.FromMilliseconds(1));
                long now = clock.GetUtcNow().ToUnixTimeMilliseconds();
                // More players than a small round holds, each several times, then single scores on top.
                var batch = Enumerable.Range(0, 300).Select(_ => new ScoreSubmission("p" + random.Next(120), random.Next(-50, 1000))).ToArray();
                await board.SubmitBatchAsync(batch);
                foreach (var s in batch)
                    model.Submit(s, now);
                var single = new ScoreSubmission("p" + random.Next(120), random.Next(1000));
                await board.SubmitAsync(single);
                model.Submit(single, now);
                Assert.Equal(model.Ranked().Select(r => BoardModel.ToRanked(r.Rank, r.Entry)), await BoardModelTests.ReadAllAsync(board));
            }
        }
    }

    [Fact]
    public async Task SubmitAcrossThreeBoards_RefusedWritesNone_AcceptedIsOneAppend()
    {
        var log = new RecordingChangeLog();
        var boards = await CreateBoardsAsync(log);
        try
        {
            var sinks = new RecordingSink();
            foreach (var partition in boards.SelectMany(b => b.Partitions))
                await partition.AddSinkAsync(sinks);
            var submission = new ScoreSubmission("alice", 300);

            log.RefuseNext();
            await Assert.ThrowsAsync<LogRefusedException>(() => Board.SubmitAcrossAsync(boards.Select(b => (b, submission)).ToArray()).AsTask());
            foreach (var board in boards)
            {
                Assert.Equal(0, await board.CountAsync(ReadConsistency.Strong));
                await LogFirstTests.WaitForReplicasAsync(board);
                Assert.Equal(0, await board.CountAsync(ReadConsistency.Eventual));
                Assert.All(board.GetStatus().Partitions, p => Assert.Equal(0, p.Sequence));
            }

            Assert.Empty(sinks.Batches);

            var results = await Board.SubmitAcrossAsync(boards.Select(b => (b, submission)).ToArray());
            Assert.All(results, r => Assert.Equal((300L, 1L, (long?)null), (r.Score, r.Rank, r.PreviousRank)));
            var append = Assert.Single(log.Accepted);
            Assert.Equal(boards, append.Select(b => b.Board));
            Assert.All(append, b => Assert.Equal("alice", Assert.Single(b.Batch.Changes).PlayerId));
            foreach (var board in boards)
                Assert.Equal(300, (await board.GetPlayerAsync("alice", ReadConsistency.Strong))!.Entry.Score);
        }
        finally
        {
            foreach (var board in boards)
                await board.DisposeAsync();
        }
    }

    [Fact]
    public async Task SubmitAcross_InvalidOnOneBoard_WritesNoneAndLogsNothing()
    {
        var log = new RecordingChangeLog();
        await using var open = await Board.CreateAsync("open", new BoardOptions { Partitions = 4 });
        await using var capped = await Board.CreateAsync("capped", new BoardOptions { Partitions = 2, MaxScore = 100 });
        await open.AttachLogAsync(log);
        await capped.AttachLogAsync(log);

        var ex = await Assert.ThrowsAsync<LeaderboardValidationException>(() =>
            Board.SubmitAcrossAsync([(open, new ScoreSubmission("a", 500)), (capped, new ScoreSubmission("a", 500))]).AsTask());

        Assert.Equal("writes[1].score", ex.Field);
        Assert.Equal(0, log.Attempts);
        Assert.Equal(0, await open.CountAsync(ReadConsistency.Strong));
    }

    [Fact]
    public async Task SubmitAcross_BoardsWithDifferentLogs_Throws()
    {
        await using var first = await Board.CreateAsync("first", new BoardOptions());
        await using var second = await Board.CreateAsync("second", new BoardOptions());
        await using var unlogged = await Board.CreateAsync("unlogged", new BoardOptions());
        await first.AttachLogAsync(new RecordingChangeLog());
        await second.AttachLogAsync(new RecordingChangeLog());
        var s = new ScoreSubmission("a", 1);

        await Assert.ThrowsAsync<InvalidOperationException>(() => Board.SubmitAcrossAsync([(first, s), (second, s)]).AsTask());
        await Assert.ThrowsAsync<InvalidOperationException>(() => Board.SubmitAcrossAsync([(first, s), (unlogged, s)]).AsTask());
        Assert.Equal(0, await first.CountAsync(ReadConsistency.Strong));
    }

    [Fact]
    public async Task SubmitAcross_SameBoardTwice_GoesInOneShare()
    {
        var log = new RecordingChangeLog();
        await using var board = await Board.CreateAsync("twice", new BoardOptions { Partitions = 4, UpdatePolicy = UpdatePolicy.Sum });
        await board.AttachLogAsync(log);

        var results = await Board.SubmitAcrossAsync([(board, new ScoreSubmission("a", 5)), (board, new ScoreSubmission("b", 1)), (board, new ScoreSubmission("a", 6))]);

        Assert.Equal([5L, 1L, 11L], results.Select(r => r.Score));
        Assert.Equal(11, (await board.GetPlayerAsync("a", ReadConsistency.Strong))!.Entry.Score);
        Assert.Single(log.Accepted);
    }

    internal static async Task<Board[]> CreateBoardsAsync(IChangeLog log, UpdatePolicy? policy = null, int replicas = 1)
    {
        var boards = new[]
        {
            await Board.CreateAsync("daily", new BoardOptions { Partitions = 1, Replicas = replicas, UpdatePolicy = policy ?? UpdatePolicy.Best }),
            await Board.CreateAsync("weekly", new BoardOptions { Partitions = 4, Replicas = replicas, UpdatePolicy = policy ?? UpdatePolicy.Latest }),
            await Board.CreateAsync("all-time", new BoardOptions { Partitions = 8, Replicas = replicas, UpdatePolicy = policy ?? UpdatePolicy.Sum }),
        };
        foreach (var board in boards)
            await board.AttachLogAsync(log, board.Id);
        return boards;
    }

    private static async Task<(Board Board, RecordingChangeLog Log, RecordingSink Sink)> CreateAsync(string id)
    {
        var board = await Board.CreateAsync(id, new BoardOptions { Partitions = 8, Replicas = 1, UpdatePolicy = UpdatePolicy.Latest });
        var log = new RecordingChangeLog();
        await board.AttachLogAsync(log);
        var sink = new RecordingSink();
        foreach (var partition in board.Partitions)
            await partition.AddSinkAsync(sink);
        return (board, log, sink);
    }
}
