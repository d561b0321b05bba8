using Leaderboards.Engine;
using Leaderboards.Engine.Boards;
using Leaderboards.Engine.Partitions;

namespace Leaderboards.Benchmarks;

/// <summary>
/// The data every benchmark and the Redis comparison share: member i is the 12-digit zero-padded
/// decimal of i (12-byte ids, as redis-benchmark's __rand_int__ makes them), scores uniform in [0, 1e9).
/// </summary>
public static class BenchmarkData
{
    public const int Seed = 42;

    public static string MemberId(long i) => i.ToString("D12", System.Globalization.CultureInfo.InvariantCulture);

    public static async Task<Board> LoadBoardAsync(int members, int partitions, UpdatePolicy policy = UpdatePolicy.Latest)
    {
        var board = await Board.CreateAsync("bench", new BoardOptions { Partitions = partitions, UpdatePolicy = policy });
        var random = new Random(Seed);
        var chunk = new ScoreSubmission[10_000];
        for (int start = 0; start < members; start += chunk.Length)
        {
            int n = Math.Min(chunk.Length, members - start);
            for (int i = 0; i < n; i++)
                chunk[i] = new ScoreSubmission(MemberId(start + i), random.Next(1_000_000_000));
            await board.ImportAsync(n == chunk.Length ? chunk : chunk[..n]);
        }

        return board;
    }

    /// <summary>The same members as <see cref="LoadBoardAsync"/>, loaded as recovery loads them: changes staged per partition, then built.</summary>
    public static async Task<Board> LoadRecoveredBoardAsync(int members, int partitions)
    {
        var board = await Board.CreateAsync("bench", new BoardOptions { Partitions = partitions, UpdatePolicy = UpdatePolicy.Latest });
        var random = new Random(Seed);
        var chunks = new List<ScoreChange>[partitions];
        for (int p = 0; p < partitions; p++)
            chunks[p] = new List<ScoreChange>(4096);
        long sequence = 0;
        for (int i = 0; i < members; i++)
        {
            string id = MemberId(i);
            int p = board.PartitionOf(id);
            chunks[p].Add(new ScoreChange(++sequence, ChangeKind.Upsert, id, random.Next(1_000_000_000), 0, 1, null));
            if (chunks[p].Count == 4096)
            {
                await board.LoadAsync(p, chunks[p].ToArray(), sequence);
                chunks[p].Clear();
            }
        }

        for (int p = 0; p < partitions; p++)
            await board.LoadAsync(p, chunks[p].ToArray(), sequence);
        await board.FinishLoadAsync();
        return board;
    }
}
