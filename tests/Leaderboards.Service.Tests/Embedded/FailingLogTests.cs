using Leaderboards.Engine;
using Leaderboards.Engine.Boards;
using Leaderboards.Storage;
using Leaderboards.Storage.Tests.Support;

namespace Leaderboards.Service.Tests.Embedded;

/// <summary>
/// The real embedded store and board catalog on a disk that fills up on one chosen log write (or fsync, where a write
/// waits for its fsync): the write is refused with <see cref="LogUnavailableException"/> and leaves no trace, in strong
/// and eventual reads, counts, the base of the next write (a summing board's total), or a restart from the log or a
/// snapshot. Once the disk has room again, writes are taken, and a restart brings back exactly the acknowledged ones.
/// </summary>
public sealed class FailingLogTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);
    private static readonly string[] Policies = ["best", "latest", "sum"];

    private readonly string _dir = Directory.CreateTempSubdirectory("lb-failinglog-").FullName;
    private readonly FaultyFileOperations _faults = new();
    private long _lastScore;

    public enum DiskFault
    {
        Write,
        Fsync,
    }

    public enum SnapshotAt
    {
        Never,
        BetweenRounds,
        BeforeRestart,
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<FsyncPolicy, string, DiskFault> Cases()
    {
        var cases = new TheoryData<FsyncPolicy, string, DiskFault>();
        foreach (var (fsync, policy, fault) in Combinations())
            cases.Add(fsync, policy, fault);
        return cases;
    }

    public static TheoryData<FsyncPolicy, string, DiskFault, SnapshotAt> RestartCases()
    {
        var cases = new TheoryData<FsyncPolicy, string, DiskFault, SnapshotAt>();
        foreach (var (fsync, policy, fault) in Combinations())
        {
            foreach (var snapshot in Enum.GetValues<SnapshotAt>())
                cases.Add(fsync, policy, fault, snapshot);
        }
        return cases;
    }

    public static TheoryData<FsyncPolicy, DiskFault> FaultCases()
    {
        var cases = new TheoryData<FsyncPolicy, DiskFault>();
        foreach (var fsync in Enum.GetValues<FsyncPolicy>())
        {
            foreach (var fault in FaultsUnder(fsync))
                cases.Add(fsync, fault);
        }
        return cases;
    }

    /// <summary>Every fsync policy, under every update policy, with every fault that refuses a write under it.</summary>
    private static IEnumerable<(FsyncPolicy Fsync, string Policy, DiskFault Fault)> Combinations() =>
        from fsync in Enum.GetValues<FsyncPolicy>()
        from policy in Policies
        from fault in FaultsUnder(fsync)
        select (fsync, policy, fault);

    /// <summary>A failed fsync refuses a write only where the write waits for it; otherwise the write was acknowledged before.</summary>
    private static DiskFault[] FaultsUnder(FsyncPolicy fsync) =>
        fsync == FsyncPolicy.Always ? [DiskFault.Write, DiskFault.Fsync] : [DiskFault.Write];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task ARefusedScore_IsNeitherReadNorCounted_AndTheNextScoreBuildsOnTheAcknowledgedOnes(FsyncPolicy fsync, string policy, DiskFault fault)
    {
        await using var host = await OpenAsync(fsync);
        var board = await host.CreateBoardAsync("arena", policy, partitions: 2);
        var model = new ScoreModel(policy);
        // One partition for all three, so the replica applying Cid's score has gone past where the refused ones were.
        string[] players = PlayersIn(board, partition: 0);
        var (ann, ben, cid) = (players[0], players[1], players[2]);

        await AcceptedAsync(board, model, ann, 5);
        await RefusedAsync(fault, () => board.SubmitAsync(new ScoreSubmission(ann, 7)).AsTask());
        await RefusedAsync(fault, () => board.SubmitAsync(new ScoreSubmission(ben, 9)).AsTask());
        await AcceptedAsync(board, model, cid, 1);
        await AssertHoldsAsync(board, model, absent: [ben]);
        Assert.Equal(5, model.Scores[ann]);

        var next = await board.SubmitAsync(new ScoreSubmission(ann, 11));
        // Under sum: 5 + 11, the refused 7 left out (23 would count it).
        Assert.Equal(policy == "sum" ? 16 : 11, next.Score);
        Assert.Equal(model.Submit(ann, 11), next.Score);
        await AssertHoldsAsync(board, model, absent: [ben]);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task ARefusedBatchOverEveryPartition_LeavesNothingOnAnyPartition(FsyncPolicy fsync, string policy, DiskFault fault)
    {
        await using var host = await OpenAsync(fsync);
        var board = await host.CreateBoardAsync("arena", policy, partitions: 4);
        var model = new ScoreModel(policy);
        string[] known = OnePerPartition(board, "known-");
        string[] newcomers = OnePerPartition(board, "new-");

        await AcceptedBatchAsync(board, model, [.. known.Select(p => new ScoreSubmission(p, 5))]);
        // Cut short half-way through its record (or written whole and then not synced): one record for all four partitions.
        await RefusedAsync(fault, () => board.SubmitBatchAsync(
            [.. known.Select(p => new ScoreSubmission(p, 7)), .. newcomers.Select(p => new ScoreSubmission(p, 9))]).AsTask());
        await AssertHoldsAsync(board, model, absent: newcomers);
        Assert.All(board.GetStatus().Partitions, p => Assert.Equal(1, p.Entries));

        var results = await AcceptedBatchAsync(board, model, [.. known.Select(p => new ScoreSubmission(p, 11))]);
        Assert.All(results, r => Assert.Equal(policy == "sum" ? 16 : 11, r.Score));
        await AssertHoldsAsync(board, model, absent: newcomers);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task ARefusedWriteAcrossBoards_LeavesNothingOnAnyBoard(FsyncPolicy fsync, string policy, DiskFault fault)
    {
        await using var host = await OpenAsync(fsync);
        var boards = new[]
        {
            await host.CreateBoardAsync("daily", policy, partitions: 1),
            await host.CreateBoardAsync("weekly", policy, partitions: 2),
            await host.CreateBoardAsync("alltime", policy, partitions: 3),
        };
        var models = boards.Select(_ => new ScoreModel(policy)).ToArray();

        await AcceptedAcrossAsync(boards, models, [new("ann", 5), new("ben", 5)]);
        await RefusedAsync(fault, () => Board.SubmitAcrossAsync(
            [.. boards.SelectMany(b => new[] { (b, new ScoreSubmission("ann", 7)), (b, new ScoreSubmission("ben", 7)), (b, new ScoreSubmission("eve", 9)) })]).AsTask());
        for (int i = 0; i < boards.Length; i++)
            await AssertHoldsAsync(boards[i], models[i], absent: ["eve"]);

        var results = await AcceptedAcrossAsync(boards, models, [new("ann", 11), new("ben", 11)]);
        Assert.All(results, r => Assert.Equal(policy == "sum" ? 16 : 11, r.Score));
        for (int i = 0; i < boards.Length; i++)
            await AssertHoldsAsync(boards[i], models[i], absent: ["eve"]);
    }

    [Theory]
    [MemberData(nameof(RestartCases))]
    public async Task AfterTheDiskHasRoomAgain_ARestartBringsBackExactlyTheAcknowledgedWrites(FsyncPolicy fsync, string policy, DiskFault fault, SnapshotAt snapshot)
    {
        string[] ids = ["solo", "daily", "weekly"];
        var models = ids.ToDictionary(id => id, _ => new ScoreModel(policy));
        var absent = new List<string>();
        await using (var host = await OpenAsync(fsync))
        {
            await host.CreateBoardAsync("solo", policy, partitions: 4);
            await host.CreateBoardAsync("daily", policy, partitions: 1);
            await host.CreateBoardAsync("weekly", policy, partitions: 2);

            absent.AddRange(await WriteRoundAsync(host, models, fault, round: 1));
            if (snapshot == SnapshotAt.BetweenRounds)
                await host.Store.SnapshotAsync(CancellationToken.None);
            absent.AddRange(await WriteRoundAsync(host, models, fault, round: 2));
            if (snapshot == SnapshotAt.BeforeRestart)
                await host.Store.SnapshotAsync(CancellationToken.None);

            foreach (string id in ids)
                await AssertHoldsAsync(await host.BoardAsync(id), models[id], absent);
        }

        await using (var host = await OpenAsync(fsync))
        {
            foreach (string id in ids)
                await AssertHoldsAsync(await host.BoardAsync(id), models[id], absent);

            // Writes go on from exactly the acknowledged state.
            foreach (string id in ids)
            {
                var board = await host.BoardAsync(id);
                await AcceptedAsync(board, models[id], "ann", NextScore());
                await AssertHoldsAsync(board, models[id], absent);
            }
        }
    }

    [Theory]
    [MemberData(nameof(FaultCases))]
    public async Task ARefusedBoardCreation_LeavesNoBoard_NowOrAfterARestart(FsyncPolicy fsync, DiskFault fault)
    {
        await using (var host = await OpenAsync(fsync))
        {
            await RefusedAsync(fault, () => host.CreateBoardAsync("arena", "sum", partitions: 2));
            Assert.Empty(host.Catalog.All);
            var board = await host.CreateBoardAsync("other", "sum", partitions: 2);
            await AcceptedAsync(board, new ScoreModel("sum"), "ann", 5);
        }

        await using (var host = await OpenAsync(fsync))
        {
            Assert.Equal(["other"], host.Catalog.All.Select(b => b.Id));
            var model = new ScoreModel("sum");
            model.Submit("ann", 5);
            await AssertHoldsAsync(await host.BoardAsync("other"), model, absent: []);
        }
    }

    [Theory]
    [MemberData(nameof(FaultCases))]
    public async Task ConcurrentWritesInARefusedRound_AreAllRefused_AndOnlyTheAcknowledgedOnesStay(FsyncPolicy fsync, DiskFault fault)
    {
        var model = new ScoreModel("sum");
        string[] players = [.. Enumerable.Range(0, 32).Select(i => $"player-{i}")];
        await using (var host = await OpenAsync(fsync))
        {
            var board = await host.CreateBoardAsync("arena", "sum", partitions: 4);
            await AcceptedBatchAsync(board, model, [.. players.Select(p => new ScoreSubmission(p, 1))]);

            // However the writes fall into log rounds, each is acknowledged or refused as a whole, and the first round fails.
            FailNextLogWrite(fault);
            var writes = players.Select(p => (Player: p, Write: board.SubmitAsync(new ScoreSubmission(p, 100)).AsTask())).ToArray();
            int refused = 0;
            foreach (var (player, write) in writes)
            {
                try
                {
                    var result = await write;
                    Assert.Equal(model.Submit(player, 100), result.Score);
                }
                catch (LogUnavailableException error)
                {
                    Assert.Contains(FaultyFileOperations.DiskFullMessage, error.Message, StringComparison.Ordinal);
                    refused++;
                }
            }
            Assert.InRange(refused, 1, players.Length);
            await AssertHoldsAsync(board, model, absent: []);
        }

        await using (var host = await OpenAsync(fsync))
            await AssertHoldsAsync(await host.BoardAsync("arena"), model, absent: []);
    }

    /// <summary>
    /// Writes acknowledged and refused, in one board, over every partition of one board and across boards. A refused
    /// score is higher than any before it (so it would change the entry under every policy, and shows if it leaks); some
    /// are retried as a client would, some are the player's last write. Answers the players only refused writes named.
    /// </summary>
    private async Task<string[]> WriteRoundAsync(StoreOnFaultyDisk host, Dictionary<string, ScoreModel> models, DiskFault fault, int round)
    {
        var solo = await host.BoardAsync("solo");
        var model = models["solo"];
        string ghost = $"ghost-{round}", cat = $"cat-{round}";

        await AcceptedAsync(solo, model, "ann", NextScore());
        long retried = RefusedScore();
        await RefusedAsync(fault, () => solo.SubmitAsync(new ScoreSubmission("ann", retried)).AsTask());
        await RefusedAsync(fault, () => solo.SubmitAsync(new ScoreSubmission(ghost, RefusedScore())).AsTask());
        await AcceptedAsync(solo, model, "ann", retried);
        await AcceptedAsync(solo, model, cat, NextScore());
        await RefusedAsync(fault, () => solo.SubmitAsync(new ScoreSubmission(cat, RefusedScore())).AsTask());

        string[] known = OnePerPartition(solo, "known-");
        string[] late = OnePerPartition(solo, $"late-{round}-");
        await AcceptedBatchAsync(solo, model, [.. known.Select(p => new ScoreSubmission(p, NextScore()))]);
        await RefusedAsync(fault, () => solo.SubmitBatchAsync(
            [.. known.Select(p => new ScoreSubmission(p, RefusedScore())), .. late.Select(p => new ScoreSubmission(p, RefusedScore()))]).AsTask());
        await AcceptedBatchAsync(solo, model, [.. known.Select(p => new ScoreSubmission(p, NextScore()))]);

        Board[] boards = [solo, await host.BoardAsync("daily"), await host.BoardAsync("weekly")];
        ScoreModel[] across = [model, models["daily"], models["weekly"]];
        string eve = $"eve-{round}";
        await AcceptedAcrossAsync(boards, across, [new("dan", NextScore())]);
        long refused = RefusedScore();
        await RefusedAsync(fault, () => Board.SubmitAcrossAsync(
            [.. boards.SelectMany(b => new[] { (b, new ScoreSubmission("dan", refused)), (b, new ScoreSubmission(eve, refused)) })]).AsTask());
        await AcceptedAcrossAsync(boards, across, [new("dan", NextScore())]);

        return [ghost, eve, .. late];
    }

    private Task<StoreOnFaultyDisk> OpenAsync(FsyncPolicy fsync) => StoreOnFaultyDisk.OpenAsync(_dir, fsync, _faults);

    /// <summary>Each call is higher than every score before it, so it changes a <c>best</c> entry too.</summary>
    private long NextScore() => ++_lastScore;

    /// <summary>Higher than every acknowledged score but a retried refusal, so a refused score that leaks shows.</summary>
    private long RefusedScore() => 1_000_000 + NextScore();

    /// <summary>The next write (or fsync) of the log fails as on a full disk; the one after it works.</summary>
    private void FailNextLogWrite(DiskFault fault)
    {
        Func<string, bool> log = path => path.EndsWith(".lblog", StringComparison.Ordinal);
        if (fault == DiskFault.Write)
            _faults.FailNextWrite(log);
        else
            _faults.FailNextFlushToDisk(log);
    }

    private async Task RefusedAsync(DiskFault fault, Func<Task> write)
    {
        FailNextLogWrite(fault);
        var error = await Assert.ThrowsAsync<LogUnavailableException>(write);
        Assert.Contains(FaultyFileOperations.DiskFullMessage, error.Message, StringComparison.Ordinal);
    }

    private static async Task AcceptedAsync(Board board, ScoreModel model, string playerId, long score)
    {
        var result = await board.SubmitAsync(new ScoreSubmission(playerId, score));
        Assert.Equal(model.Submit(playerId, score), result.Score);
    }

    private static async Task<IReadOnlyList<SubmitResult>> AcceptedBatchAsync(Board board, ScoreModel model, ScoreSubmission[] batch)
    {
        var results = await board.SubmitBatchAsync(batch);
        for (int i = 0; i < batch.Length; i++)
            Assert.Equal(model.Submit(batch[i].PlayerId, batch[i].Score), results[i].Score);
        return results;
    }

    /// <summary>Every submission to every board, as one write.</summary>
    private static async Task<IReadOnlyList<SubmitResult>> AcceptedAcrossAsync(Board[] boards, ScoreModel[] models, ScoreSubmission[] submissions)
    {
        var writes = boards.SelectMany(b => submissions.Select(s => (b, s))).ToArray();
        var results = await Board.SubmitAcrossAsync(writes);
        for (int i = 0; i < writes.Length; i++)
        {
            var (board, submission) = writes[i];
            Assert.Equal(models[Array.IndexOf(boards, board)].Submit(submission.PlayerId, submission.Score), results[i].Score);
        }
        return results;
    }

    /// <summary>
    /// The board holds exactly the model's entries, in strong reads and in eventual ones (answered by the replicas once
    /// they have applied everything the owners have), and <paramref name="absent"/> players are found in neither.
    /// </summary>
    private static async Task AssertHoldsAsync(Board board, ScoreModel model, IEnumerable<string> absent)
    {
        await board.WaitForReplicasAsync().WaitAsync(Patience);
        foreach (var partition in board.GetStatus().Partitions)
            Assert.All(partition.Replicas, r => Assert.Equal(partition.Sequence, r.AppliedSequence));

        var expected = model.Scores.Select(e => (e.Key, e.Value)).Order().ToList();
        foreach (var consistency in (ReadConsistency[])[ReadConsistency.Strong, ReadConsistency.Eventual])
        {
            Assert.Equal(expected.Count, await board.CountAsync(consistency));
            Assert.Equal(expected.Count, await board.CountInRangeAsync(null, null, consistency));
            var page = await board.PageAsync(0, Board.MaxPageSize, consistency);
            Assert.Equal(expected, page.Select(e => (e.PlayerId, e.Score)).Order().ToList());
            foreach (var (playerId, score) in expected)
                Assert.Equal(score, (await board.GetPlayerAsync(playerId, consistency))?.Entry.Score);
            foreach (string playerId in absent)
                Assert.Null(await board.GetPlayerAsync(playerId, consistency));
        }
    }

    private static string[] PlayersIn(Board board, int partition, string prefix = "player-", int count = 3) =>
        [.. Enumerable.Range(0, 100_000).Select(i => $"{prefix}{i}").Where(id => board.PartitionOf(id) == partition).Take(count)];

    private static string[] OnePerPartition(Board board, string prefix) =>
        [.. Enumerable.Range(0, board.Partitions.Count).Select(p => PlayersIn(board, p, prefix, count: 1)[0])];
}
