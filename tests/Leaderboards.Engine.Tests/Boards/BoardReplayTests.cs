using Leaderboards.Engine.Boards;
using Leaderboards.Engine.Partitions;
using Leaderboards.Engine.Tests.Support;

namespace Leaderboards.Engine.Tests.Boards;

/// <summary>
/// Replaying a board's log through <see cref="Board.LoadAsync"/>, which collapses each partition's changes into final
/// states and builds the index once, gives exactly the board that applied the same records one by one.
/// </summary>
public sealed class BoardReplayTests
{
    public static TheoryData<UpdatePolicy, SortOrder, long?, long?> Boards => new()
    {
        { UpdatePolicy.Best, SortOrder.Descending, null, null },
        { UpdatePolicy.Latest, SortOrder.Ascending, null, null },
        { UpdatePolicy.Sum, SortOrder.Descending, null, null },
        { UpdatePolicy.Sum, SortOrder.Descending, -50, 120 },
        { UpdatePolicy.Best, SortOrder.Ascending, -20, 40 },
    };

    [Theory]
    [MemberData(nameof(Boards))]
    public async Task ReplayedLog_GivesTheBoardThatAppliedItInOrder(UpdatePolicy policy, SortOrder order, long? min, long? max)
    {
        var options = new BoardOptions { Partitions = 3, UpdatePolicy = policy, Order = order, MinScore = min, MaxScore = max };
        var clock = new ManualTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_000_000));
        await using var original = await Board.CreateAsync("original", options, clock);
        var log = new RecordingChangeLog();
        await original.AttachLogAsync(log);
        await WriteHistoryAsync(original, clock, new Random((int)policy * 31 + (int)order));

        // Replayed in the log's order, in small chunks that interleave partitions; a read midway builds a partition,
        // and the changes after it are staged over the built tree.
        await using var replayed = await Board.CreateAsync("replayed", options, clock);
        int appends = 0;
        foreach (var append in log.Accepted)
        {
            foreach (var logged in append)
            {
                var changes = logged.Batch.Changes;
                for (int at = 0; at < changes.Count; at += 7)
                {
                    var chunk = changes.Skip(at).Take(7).ToArray();
                    await replayed.LoadAsync(logged.Batch.Partition, chunk, chunk[^1].Sequence);
                }
            }

            if (++appends == log.Accepted.Count / 2)
                await replayed.TopAsync(5, ReadConsistency.Strong);
        }

        await replayed.FinishLoadAsync();
        Assert.NotEmpty(await AllAsync(original));
        Assert.Equal(await AllAsync(original), await AllAsync(replayed));
        for (int p = 0; p < options.Partitions; p++)
            Assert.Equal(original.GetStatus().Partitions[p].Sequence, replayed.GetStatus().Partitions[p].Sequence);

        // Both go on the same way: the loaded board keeps the policy and the numbering.
        await original.SubmitAsync(new ScoreSubmission("p1", 33));
        await replayed.SubmitAsync(new ScoreSubmission("p1", 33));
        Assert.Equal(await AllAsync(original), await AllAsync(replayed));
    }

    [Theory]
    [MemberData(nameof(Boards))]
    public async Task ReplayedLog_LoadedAsEncodedChanges_GivesTheBoardThatAppliedItInOrder(UpdatePolicy policy, SortOrder order, long? min, long? max)
    {
        var options = new BoardOptions { Partitions = 3, UpdatePolicy = policy, Order = order, MinScore = min, MaxScore = max };
        var clock = new ManualTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_000_000));
        await using var original = await Board.CreateAsync("original", options, clock);
        var log = new RecordingChangeLog();
        await original.AttachLogAsync(log);
        await WriteHistoryAsync(original, clock, new Random((int)policy * 17 + (int)order));
        // A history may end with a clear: one entry after it keeps the comparison meaningful.
        await original.SubmitAsync(new ScoreSubmission("last", 1));

        // As recovery replays a log: each batch in columns with UTF-8 ids, a prefix skipped now and then (as when a
        // snapshot holds it, loaded here as ScoreChanges), the rest gathered per partition into chunks.
        await using var replayed = await Board.CreateAsync("replayed", options, clock);
        var gathered = new Dictionary<int, EncodedChanges>();
        var random = new Random(5);
        foreach (var logged in log.Accepted.SelectMany(append => append))
        {
            var encoded = EncodedChanges.From(logged.Batch.Changes, withSequences: true);
            Assert.Equal(logged.Batch.Changes, encoded);
            int skip = random.Next(4) == 0 ? random.Next(encoded.Count + 1) : 0;
            if (skip > 0)
            {
                if (gathered.Remove(logged.Batch.Partition, out var earlier))
                    await replayed.LoadAsync(logged.Batch.Partition, earlier, earlier.Sequence(earlier.Count - 1));
                var prefix = logged.Batch.Changes.Take(skip).ToArray();
                await replayed.LoadAsync(logged.Batch.Partition, prefix, prefix[^1].Sequence);
            }

            var rest = encoded.Skip(skip);
            Assert.Equal(logged.Batch.Changes.Skip(skip), rest);
            if (rest.Count == 0)
                continue;
            if (!gathered.TryGetValue(logged.Batch.Partition, out var chunk))
                gathered[logged.Batch.Partition] = chunk = new EncodedChanges(4, withSequences: true);
            chunk.AddRange(rest);
            if (chunk.Count >= 20)
            {
                gathered.Remove(logged.Batch.Partition);
                await replayed.LoadAsync(logged.Batch.Partition, chunk, chunk.Sequence(chunk.Count - 1));
            }
        }

        foreach (var (partition, chunk) in gathered)
            await replayed.LoadAsync(partition, chunk, chunk.Sequence(chunk.Count - 1));
        await replayed.FinishLoadAsync();
        Assert.NotEmpty(await AllAsync(original));
        Assert.Equal(await AllAsync(original), await AllAsync(replayed));
        for (int p = 0; p < options.Partitions; p++)
            Assert.Equal(original.GetStatus().Partitions[p].Sequence, replayed.GetStatus().Partitions[p].Sequence);
    }

    /// <summary>Scores (with subscores, metadata, ties and saturating sums), removals and clears of a few dozen players.</summary>
    private static async Task WriteHistoryAsync(Board board, ManualTimeProvider clock, Random random)
    {
        for (int step = 0; step < 400; step++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(random.Next(3)));
            int action = random.Next(100);
            if (action < 3)
            {
                await board.ClearAsync();
            }
            else if (action < 15)
            {
                await board.RemoveAsync("p" + random.Next(40));
            }
            else
            {
                var batch = new ScoreSubmission[random.Next(1, 30)];
                for (int i = 0; i < batch.Length; i++)
                {
                    // Bounded boards refuse scores outside the bounds, so their sums saturate at the bounds instead.
                    long score = board.Options.MinScore is { } min && board.Options.MaxScore is { } max ? random.NextInt64(min, max + 1)
                        : random.Next(10) == 0 ? (random.Next(2) == 0 ? long.MaxValue / 2 : long.MinValue / 2)
                        : random.Next(-30, 60);
                    long? subscore = random.Next(3) == 0 ? random.Next(3) : null;
                    byte[]? metadata = random.Next(5) == 0 ? System.Text.Encoding.UTF8.GetBytes($"{{\"v\":{random.Next(9)}}}") : null;
                    batch[i] = new ScoreSubmission("p" + random.Next(40), score, subscore, metadata);
                }

                await board.SubmitBatchAsync(batch);
            }
        }
    }

    private static async Task<List<string>> AllAsync(Board board)
    {
        var top = await board.TopAsync(1_000, ReadConsistency.Strong);
        return [.. top.Select(e => $"{e.Rank} {e.PlayerId} {e.Score} {e.Subscore} {e.UpdatedAt.ToUnixTimeMilliseconds()} {Convert.ToHexString(e.Metadata ?? [])}")];
    }
}
