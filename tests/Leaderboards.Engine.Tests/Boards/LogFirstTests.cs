using Leaderboards.Engine.Boards;
using Leaderboards.Engine.Partitions;
using Leaderboards.Engine.Tests.Support;

namespace Leaderboards.Engine.Tests.Boards;

/// <summary>A change is visible to anyone only after the log accepted it; a refused change leaves no trace.</summary>
public sealed class LogFirstTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(UpdatePolicy.Best, 150, 120, 120)]
    [InlineData(UpdatePolicy.Latest, 40, 70, 70)]
    [InlineData(UpdatePolicy.Sum, 50, 5, 105)]
    public async Task RefusedWrite_LeavesNoTrace_AndTheNextWriteBuildsOnTheLastAcceptedValue(UpdatePolicy policy, long refused, long next, long expected)
    {
        await using var board = await Board.CreateAsync("log", new BoardOptions { Partitions = 2, Replicas = 1, UpdatePolicy = policy });
        var log = new RecordingChangeLog();
        await board.AttachLogAsync(log, tag: "incarnation-1");
        var sink = new RecordingSink();
        foreach (var partition in board.Partitions)
            await partition.AddSinkAsync(sink);
        int p = board.PartitionOf("alice");

        await board.SubmitAsync(new ScoreSubmission("alice", 100));
        log.RefuseNext();
        await Assert.ThrowsAsync<LogRefusedException>(() => board.SubmitAsync(new ScoreSubmission("alice", refused)).AsTask());
        log.RefuseNext();
        await Assert.ThrowsAsync<LogRefusedException>(() => board.SubmitAsync(new ScoreSubmission("bob", 500)).AsTask());

        Assert.Equal(100, (await board.GetPlayerAsync("alice", ReadConsistency.Strong))!.Entry.Score);
        Assert.Null(await board.GetPlayerAsync("bob", ReadConsistency.Strong));
        await WaitForReplicasAsync(board);
        Assert.Equal(100, (await board.GetPlayerAsync("alice", ReadConsistency.Eventual))!.Entry.Score);
        Assert.Null(await board.GetPlayerAsync("bob", ReadConsistency.Eventual));
        Assert.Equal(1, await board.CountAsync(ReadConsistency.Eventual));
        Assert.Equal([("alice", 100L)], sink.Changes.Select(c => (c.PlayerId, c.Score)));
        Assert.Equal(1, board.GetStatus().Partitions[p].Sequence);
        Assert.Equal(0, board.GetStatus().Partitions[1 - p].Sequence);

        var result = await board.SubmitAsync(new ScoreSubmission("alice", next));
        Assert.Equal(expected, result.Score);
        Assert.Equal(1, result.Rank);
        Assert.Equal(1, result.PreviousRank);
        Assert.Equal(expected, (await board.GetPlayerAsync("alice", ReadConsistency.Strong))!.Entry.Score);
        await WaitForReplicasAsync(board);
        Assert.Equal(expected, (await board.GetPlayerAsync("alice", ReadConsistency.Eventual))!.Entry.Score);

        // The refused writes took no sequence numbers: the stream has no gap, in the log and in the sinks.
        Assert.Equal([(1L, 100L), (2L, expected)], sink.Changes.Select(c => (c.Sequence, c.Score)));
        var accepted = log.Accepted;
        Assert.Equal(2, accepted.Count);
        Assert.All(accepted, append => Assert.Equal((board, "incarnation-1", p), (Assert.Single(append).Board, append[0].Tag, append[0].Batch.Partition)));
        Assert.Equal([(1L, 100L), (2L, expected)], accepted.SelectMany(a => a[0].Batch.Changes).Select(c => (c.Sequence, c.Score)));
        Assert.Equal(2, board.GetStatus().Partitions[p].Sequence);
        Assert.Equal(4, log.Attempts);
    }

    [Fact]
    public async Task WhileTheLogHasNotAnswered_NoReadReplicaOrSinkSeesTheWrite()
    {
        await using var board = await Board.CreateAsync("blocked", new BoardOptions { Partitions = 1, UpdatePolicy = UpdatePolicy.Latest });
        await board.LoadAsync(0, [new ScoreChange(1, ChangeKind.Upsert, "alice", 100, 0, 1_000, null)], 1);
        await board.SetReplicaCountAsync(1);
        var log = new BlockingChangeLog();
        await board.AttachLogAsync(log);
        var sink = new RecordingSink();
        await board.Partitions[0].AddSinkAsync(sink);

        var write = board.SubmitAsync(new ScoreSubmission("alice", 200)).AsTask();
        await log.Entered.WaitAsync(Timeout);

        Assert.Equal(100, (await board.GetPlayerAsync("alice", ReadConsistency.Strong))!.Entry.Score);
        await WaitForReplicasAsync(board);
        Assert.Equal(100, (await board.GetPlayerAsync("alice", ReadConsistency.Eventual))!.Entry.Score);
        Assert.Empty(sink.Batches);
        Assert.Equal(1, board.GetStatus().Partitions[0].Sequence);
        Assert.False(write.IsCompleted);

        log.Release();
        var result = await write.WaitAsync(Timeout);
        Assert.Equal(200, result.Score);
        Assert.Equal(200, (await board.GetPlayerAsync("alice", ReadConsistency.Strong))!.Entry.Score);
        await WaitForReplicasAsync(board);
        Assert.Equal(200, (await board.GetPlayerAsync("alice", ReadConsistency.Eventual))!.Entry.Score);
        Assert.Equal([(2L, 200L)], sink.Changes.Select(c => (c.Sequence, c.Score)));
    }

    [Fact]
    public async Task RefusedRemoveAndClear_ChangeNothing_AcceptedClearIsOneAppend()
    {
        await using var board = await Board.CreateAsync("rm", new BoardOptions { Partitions = 4, Replicas = 1 });
        var log = new RecordingChangeLog();
        await board.AttachLogAsync(log);
        var players = Enumerable.Range(0, 40).Select(i => "p" + i).ToArray();
        await board.SubmitBatchAsync(players.Select((id, i) => new ScoreSubmission(id, i)).ToArray());
        var sequences = board.GetStatus().Partitions.Select(s => s.Sequence).ToArray();

        log.RefuseNext();
        await Assert.ThrowsAsync<LogRefusedException>(() => board.RemoveAsync("p7").AsTask());
        log.RefuseNext();
        await Assert.ThrowsAsync<LogRefusedException>(() => board.ClearAsync().AsTask());

        Assert.Equal(40, await board.CountAsync(ReadConsistency.Strong));
        Assert.NotNull(await board.GetPlayerAsync("p7", ReadConsistency.Strong));
        await WaitForReplicasAsync(board);
        Assert.Equal(40, await board.CountAsync(ReadConsistency.Eventual));
        Assert.Equal(sequences, board.GetStatus().Partitions.Select(s => s.Sequence));

        Assert.True(await board.RemoveAsync("p7"));
        Assert.False(await board.RemoveAsync("p7"));
        int appends = log.Accepted.Count;
        await board.ClearAsync();
        Assert.Equal(0, await board.CountAsync(ReadConsistency.Strong));
        var clear = Assert.Single(log.Accepted.Skip(appends));
        Assert.Equal([0, 1, 2, 3], clear.Select(b => b.Batch.Partition).Order());
        Assert.All(clear, b => Assert.Equal(ChangeKind.Clear, Assert.Single(b.Batch.Changes).Kind));
    }

    [Fact]
    public async Task AttachingASecondLog_Throws()
    {
        await using var board = await Board.CreateAsync("twice", new BoardOptions());
        await board.AttachLogAsync(new RecordingChangeLog());
        await Assert.ThrowsAsync<InvalidOperationException>(() => board.AttachLogAsync(new RecordingChangeLog()).AsTask());
    }

    internal static async Task WaitForReplicasAsync(Board board)
    {
        using var cts = new CancellationTokenSource(Timeout);
        await board.WaitForReplicasAsync(cts.Token);
    }
}
