using Leaderboards.Engine.Boards;
using Leaderboards.Engine.Tests.Support;

namespace Leaderboards.Engine.Tests.Boards;

/// <summary>
/// Seeded random operation sequences on a 1-partition board, an 8-partition board and the model:
/// every query must give the same answer on all three.
/// </summary>
public sealed class BoardModelTests
{
    public static TheoryData<UpdatePolicy, SortOrder, RankMode, int> Configurations()
    {
        var data = new TheoryData<UpdatePolicy, SortOrder, RankMode, int>();
        int seed = 1;
        foreach (var policy in new[] { UpdatePolicy.Best, UpdatePolicy.Latest, UpdatePolicy.Sum })
        {
            foreach (var order in new[] { SortOrder.Descending, SortOrder.Ascending })
            {
                foreach (var mode in new[] { RankMode.Ordinal, RankMode.Competition })
                    data.Add(policy, order, mode, seed++);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public async Task RandomOperations_OneAndEightPartitions_AgreeWithModel(UpdatePolicy policy, SortOrder order, RankMode mode, int seed)
    {
        var options = new BoardOptions { UpdatePolicy = policy, Order = order, RankMode = mode, MinScore = -1_000_000, MaxScore = 1_000_000 };
        var clock = new ManualTimeProvider();
        await using var one = await Board.CreateAsync("one", options with { Partitions = 1 }, clock);
        await using var eight = await Board.CreateAsync("eight", options with { Partitions = 8 }, clock);
        var model = new BoardModel(options);
        var random = new Random(seed);
        string[] players = [.. Enumerable.Range(0, 250).Select(i => i % 7 == 0 ? $"jöueur-{i}-ß" : $"p{i}"), "😀", "a", "A"];

        for (int op = 0; op < 2_500; op++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(random.Next(2)));
            string player = players[random.Next(players.Length)];
            if (random.Next(12) == 0)
            {
                bool removed = model.Remove(player);
                Assert.Equal(removed, await one.RemoveAsync(player));
                Assert.Equal(removed, await eight.RemoveAsync(player));
                continue;
            }

            long score = random.Next(8) == 0 ? random.Next(-1_000_000, 1_000_001) : random.Next(-20, 40);
            long? subscore = random.Next(3) == 0 ? random.Next(3) : null;
            var submission = new ScoreSubmission(player, score, subscore);
            long? previousRank = model.Ranked().Where(r => r.Entry.PlayerId == player).Select(r => (long?)r.Rank).FirstOrDefault();
            model.Submit(submission, clock.GetUtcNow().ToUnixTimeMilliseconds());
            var a = await one.SubmitAsync(submission);
            var b = await eight.SubmitAsync(submission);
            Assert.Equal(previousRank, a.PreviousRank);
            Assert.Equal(a, b);
            var ranked = model.Ranked();
            var expected = ranked.Single(r => r.Entry.PlayerId == player);
            Assert.Equal(expected.Rank, a.Rank);
            Assert.Equal(expected.Entry.Score, a.Score);

            if (op % 250 == 0)
                await AssertAgreeAsync(model, [one, eight], random, players);
        }

        await AssertAgreeAsync(model, [one, eight], random, players);
    }

    [Fact]
    public async Task BatchSubmit_AppliesInOrder_AndRanksMatchModel()
    {
        var options = new BoardOptions { UpdatePolicy = UpdatePolicy.Sum, Partitions = 8 };
        var clock = new ManualTimeProvider();
        await using var board = await Board.CreateAsync("b", options, clock);
        var model = new BoardModel(options);
        var random = new Random(7);
        var batch = Enumerable.Range(0, 5_000).Select(_ => new ScoreSubmission("p" + random.Next(700), random.Next(100))).ToArray();

        var results = await board.SubmitBatchAsync(batch);
        foreach (var s in batch)
            model.Submit(s, clock.GetUtcNow().ToUnixTimeMilliseconds());

        Assert.Equal(batch.Length, results.Count);
        var all = await ReadAllAsync(board);
        Assert.Equal(model.Ranked().Select(r => BoardModel.ToRanked(r.Rank, r.Entry)), all);
    }

    private static async Task AssertAgreeAsync(BoardModel model, Board[] boards, Random random, string[] players)
    {
        var ranked = model.Ranked();
        var expectedAll = ranked.Select(r => BoardModel.ToRanked(r.Rank, r.Entry)).ToList();
        foreach (var board in boards)
        {
            Assert.Equal(model.Count, await board.CountAsync(ReadConsistency.Strong));
            Assert.Equal(expectedAll, await ReadAllAsync(board));

            for (int i = 0; i < 5 && ranked.Count > 0; i++)
            {
                int offset = random.Next(ranked.Count + 2);
                int limit = random.Next(1, 40);
                var page = await board.PageAsync(offset, limit, ReadConsistency.Strong);
                Assert.Equal(expectedAll.Skip(offset).Take(limit), page);
            }

            foreach (string player in players.OrderBy(_ => random.Next()).Take(12))
            {
                var standing = await board.GetPlayerAsync(player, ReadConsistency.Strong);
                int at = expectedAll.FindIndex(e => e.PlayerId == player);
                if (at < 0)
                {
                    Assert.Null(standing);
                    Assert.Null(await board.AroundAsync(player, 3, ReadConsistency.Strong));
                    continue;
                }

                Assert.NotNull(standing);
                Assert.Equal(expectedAll[at], standing.Entry);
                Assert.Equal(ranked.Count, standing.Total);
                Assert.Equal(Math.Round(100.0 * (ranked.Count - expectedAll[at].Rank + 1) / ranked.Count, 4), standing.Percentile);

                int count = random.Next(1, 6);
                var around = await board.AroundAsync(player, count, ReadConsistency.Strong);
                Assert.NotNull(around);
                Assert.Equal(expectedAll[at], around.Player.Entry);
                Assert.Equal(expectedAll.Skip(Math.Max(0, at - count)).Take(at - Math.Max(0, at - count) + 1 + count), around.Entries);
            }

            long? min = random.Next(3) == 0 ? null : random.Next(-30, 30);
            long? max = random.Next(3) == 0 ? null : random.Next(-30, 50);
            Assert.Equal(model.CountInRange(min, max), await board.CountInRangeAsync(min, max, ReadConsistency.Strong));

            var friends = players.OrderBy(_ => random.Next()).Take(30).ToArray();
            var queried = await board.QueryPlayersAsync(friends, ReadConsistency.Strong);
            var expectedFriends = expectedAll.Where(e => friends.Contains(e.PlayerId))
                .OrderBy(e => e.Rank).ThenBy(e => e.PlayerId, StringComparer.Ordinal).ToList();
            Assert.Equal(expectedFriends, queried.Select(q => q.Entry));
        }
    }

    internal static async Task<List<RankedEntry>> ReadAllAsync(Board board, ReadConsistency consistency = ReadConsistency.Strong)
    {
        var all = new List<RankedEntry>();
        while (true)
        {
            var page = await board.PageAsync(all.Count, Board.MaxPageSize, consistency);
            if (page.Count == 0)
                return all;
            all.AddRange(page);
        }
    }
}
