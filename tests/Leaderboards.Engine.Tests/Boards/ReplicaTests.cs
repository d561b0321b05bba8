using Leaderboards.Engine.Boards;
using Leaderboards.Engine.Partitions;
using Leaderboards.Engine.Tests.Support;

namespace Leaderboards.Engine.Tests.Boards;

public sealed class ReplicaTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(1, 1)]
    [InlineData(4, 3)]
    public async Task Replicas_AfterOwnerStopsWriting_EqualOwnerExactly(int partitions, int replicas)
    {
        var clock = new ManualTimeProvider();
        await using var board = await Board.CreateAsync("r", new BoardOptions { Partitions = partitions, Replicas = replicas, UpdatePolicy = UpdatePolicy.Latest }, clock);
        var random = new Random(11);
        for (int round = 0; round < 40; round++)
        {
            var batch = Enumerable.Range(0, 250)
                .Select(_ => new ScoreSubmission("p" + random.Next(3_000), random.Next(500), random.Next(3), random.Next(4) == 0 ? """{"lvl":1}"""u8.ToArray() : null))
                .ToArray();
            await board.SubmitBatchAsync(batch);
            if (round % 7 == 0)
                await board.RemoveAsync("p" + random.Next(3_000));
            clock.Advance(TimeSpan.FromMilliseconds(1));
        }

        using var cts = new CancellationTokenSource(Timeout);
        await board.WaitForReplicasAsync(cts.Token);

        foreach (var partition in board.Partitions.Cast<PartitionOwner>())
        {
            var expected = await ReadPartitionAsync(partition);
            Assert.NotEmpty(expected);
            Assert.Equal(replicas, partition.Replicas.Count);
            foreach (var replica in partition.Replicas)
            {
                Assert.Equal(partition.AppliedSequence, replica.AppliedSequence);
                var actual = await ReadPartitionAsync(replica);
                Assert.Equal(expected.Count, actual.Count);
                for (int i = 0; i < expected.Count; i++)
                {
                    Assert.Equal(expected[i] with { Metadata = null }, actual[i] with { Metadata = null });
                    Assert.Equal(expected[i].Metadata ?? [], actual[i].Metadata ?? []);
                }
            }

            Assert.All(partition.GetStatus().Replicas, r => Assert.Equal(0, r.LagOperations));
        }

        // Eventual reads come from replicas and now agree with strong reads.
        Assert.Equal(await BoardModelTests.ReadAllAsync(board, ReadConsistency.Strong), await BoardModelTests.ReadAllAsync(board, ReadConsistency.Eventual));
    }

    [Fact]
    public async Task ReplicaAddedLater_StartsFromOwnerState_AndFollows()
    {
        await using var board = await Board.CreateAsync("late", new BoardOptions { Partitions = 2 });
        await board.SubmitBatchAsync(Enumerable.Range(0, 500).Select(i => new ScoreSubmission("p" + i, i)).ToArray());
        await board.SetReplicaCountAsync(2);
        await board.SubmitAsync(new ScoreSubmission("late-player", 10_000));

        using var cts = new CancellationTokenSource(Timeout);
        await board.WaitForReplicasAsync(cts.Token);
        var top = await board.TopAsync(1, ReadConsistency.Eventual);
        Assert.Equal("late-player", top[0].PlayerId);
        Assert.Equal(501, await board.CountAsync(ReadConsistency.Eventual));

        await board.SetReplicaCountAsync(0);
        Assert.All(board.GetStatus().Partitions, p => Assert.Empty(p.Replicas));
        Assert.Equal(501, await board.CountAsync(ReadConsistency.Eventual));
    }

    [Theory]
    [InlineData(SortOrder.Descending)]
    [InlineData(SortOrder.Ascending)]
    public async Task ReplicaAddedLater_CopiesEveryFieldOfTheOwner(SortOrder order)
    {
        var clock = new ManualTimeProvider();
        await using var board = await Board.CreateAsync("copy", new BoardOptions { Order = order }, clock);
        var random = new Random(3);
        for (int round = 0; round < 20; round++)
        {
            // Few scores and subscores, so that ties fall to time and then id; some entries carry metadata.
            await board.SubmitBatchAsync(Enumerable.Range(0, 200)
                .Select(_ => new ScoreSubmission("p" + random.Next(2_000), random.Next(-50, 50), random.Next(-2, 3), random.Next(3) == 0 ? System.Text.Encoding.UTF8.GetBytes($"{{\"round\":{round}}}") : null))
                .ToArray());
            clock.Advance(TimeSpan.FromMilliseconds(1));
        }

        await board.SetReplicaCountAsync(1);
        using var cts = new CancellationTokenSource(Timeout);
        await board.WaitForReplicasAsync(cts.Token);

        var owner = board.Partitions.Cast<PartitionOwner>().Single();
        var expected = await ReadPartitionAsync(owner);
        var actual = await ReadPartitionAsync(owner.Replicas.Single());
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i] with { Metadata = null }, actual[i] with { Metadata = null });
            Assert.Equal(expected[i].Metadata ?? [], actual[i].Metadata ?? []);
        }
    }

    [Fact]
    public async Task StrongRead_SeesOwnWrite_Immediately()
    {
        await using var board = await Board.CreateAsync("ryw", new BoardOptions { Partitions = 4, Replicas = 2 });
        for (int i = 0; i < 200; i++)
        {
            await board.SubmitAsync(new ScoreSubmission("p" + i, i));
            var standing = await board.GetPlayerAsync("p" + i, ReadConsistency.Strong);
            Assert.NotNull(standing);
            Assert.Equal(1, standing.Entry.Rank);
        }
    }

    private static async Task<List<PartitionEntry>> ReadPartitionAsync(IPartitionReader reader) =>
        [.. await reader.RangeAsync(0, (int)await reader.CountAsync())];
}
