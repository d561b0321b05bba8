using BenchmarkDotNet.Attributes;
using Leaderboards.Engine;
using Leaderboards.Engine.Boards;

namespace Leaderboards.Benchmarks;

/// <summary>
/// Board operations as a caller sees them, through the partitions' async interfaces: writes go through
/// the owner's mailbox, ranks are merged across partitions, reads are strong (the owner answers).
/// </summary>
[MemoryDiagnoser]
public class BoardBenchmarks
{
    private const int BatchSize = 1_000;

    private Board _board = null!;
    private Random _random = null!;
    private ScoreSubmission[] _batch = null!;
    private long _nextNew;

    [ParamsSource(nameof(MemberCounts))]
    public int Members { get; set; }

    [ParamsSource(nameof(PartitionCounts))]
    public int Partitions { get; set; }

    /// <summary>1,000,000 and 10,000,000, or the comma-separated list in BOARD_BENCH_MEMBERS.</summary>
    public static IEnumerable<int> MemberCounts => FromEnvironment("BOARD_BENCH_MEMBERS", [1_000_000, 10_000_000]);

    /// <summary>1 and 8, or the comma-separated list in BOARD_BENCH_PARTITIONS (to compare more partition counts).</summary>
    public static IEnumerable<int> PartitionCounts => FromEnvironment("BOARD_BENCH_PARTITIONS", [1, 8]);

    [GlobalSetup]
    public void Setup()
    {
        _board = BenchmarkData.LoadBoardAsync(Members, Partitions).GetAwaiter().GetResult();
        _random = new Random(7);
        _batch = new ScoreSubmission[BatchSize];
        _nextNew = Members;
    }

    [GlobalCleanup]
    public void Cleanup() => _board.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Description = "submit: new member")]
    public ValueTask<SubmitResult> SubmitNewMember() =>
        _board.SubmitAsync(new ScoreSubmission(BenchmarkData.MemberId(_nextNew++), _random.Next(1_000_000_000)));

    [Benchmark(Description = "submit: score change")]
    public ValueTask<SubmitResult> SubmitScoreChange() =>
        _board.SubmitAsync(new ScoreSubmission(BenchmarkData.MemberId(_random.Next(Members)), _random.Next(1_000_000_000)));

    [Benchmark(Description = "submit: score change, batch of 1000 (per entry)", OperationsPerInvoke = BatchSize)]
    public async Task<int> SubmitScoreChangeBatch()
    {
        for (int i = 0; i < _batch.Length; i++)
            _batch[i] = new ScoreSubmission(BenchmarkData.MemberId(_random.Next(Members)), _random.Next(1_000_000_000));
        return (await _board.SubmitBatchAsync(_batch)).Count;
    }

    [Benchmark(Description = "rank of member")]
    public ValueTask<PlayerStanding?> RankOfMember() =>
        _board.GetPlayerAsync(BenchmarkData.MemberId(_random.Next(Members)), ReadConsistency.Strong);

    [Benchmark(Description = "around a member, 5 each side")]
    public ValueTask<PlayerNeighbourhood?> AroundMember() =>
        _board.AroundAsync(BenchmarkData.MemberId(_random.Next(Members)), 5, ReadConsistency.Strong);

    [Benchmark(Description = "top 100")]
    public ValueTask<IReadOnlyList<RankedEntry>> Top100() => _board.TopAsync(100, ReadConsistency.Strong);

    [Benchmark(Description = "page of 100 at rank 500,000")]
    public ValueTask<IReadOnlyList<RankedEntry>> PageAt500k() => _board.PageAsync(500_000, 100, ReadConsistency.Strong);

    [Benchmark(Description = "count ahead of a score")]
    public ValueTask<long> CountAheadOfScore() =>
        _board.CountInRangeAsync(_random.Next(1_000_000_000), null, ReadConsistency.Strong);

    private static int[] FromEnvironment(string name, int[] defaults) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } list
            ? [.. list.Split(',').Select(v => int.Parse(v, System.Globalization.CultureInfo.InvariantCulture))]
            : defaults;
}
