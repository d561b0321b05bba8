using BenchmarkDotNet.Attributes;
using Leaderboards.Engine;
using Leaderboards.Engine.Partitions.Internal;

namespace Leaderboards.Benchmarks;

/// <summary>
/// The work inside one partition for one command, without the mailbox hop: the counterpart of the time
/// Redis spends inside ZADD and ZREVRANK (its INFO commandstats usec_per_call).
/// </summary>
[MemoryDiagnoser]
public class PartitionApplyBenchmarks
{
    private PartitionState _state = null!;
    private ScoreApplier _applier = null!;
    private Random _random = null!;
    private long _nextNew;

    [Params(1_000_000, 10_000_000)]
    public int Members { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var options = new BoardOptions { Partitions = 1, UpdatePolicy = UpdatePolicy.Latest };
        _state = new PartitionState(options.Order);
        _applier = new ScoreApplier(options, _state);
        var random = new Random(BenchmarkData.Seed);
        using (_state.Write())
        {
            for (int i = 0; i < Members; i++)
                _applier.Apply(new ScoreSubmission(BenchmarkData.MemberId(i), random.Next(1_000_000_000)), 1, out _, 0);
        }

        _random = new Random(7);
        _nextNew = Members;
    }

    [GlobalCleanup]
    public void Cleanup() => _state.Dispose();

    [Benchmark(Description = "apply: score change (ZADD)")]
    public long ApplyScoreChange()
    {
        using var writeLock = _state.Write();
        return _applier.Apply(new ScoreSubmission(BenchmarkData.MemberId(_random.Next(Members)), _random.Next(1_000_000_000)), 2, out _, 0).LocalRank;
    }

    [Benchmark(Description = "apply: new member (ZADD)")]
    public long ApplyNewMember()
    {
        using var writeLock = _state.Write();
        return _applier.Apply(new ScoreSubmission(BenchmarkData.MemberId(_nextNew++), _random.Next(1_000_000_000)), 2, out _, 0).LocalRank;
    }

    [Benchmark(Description = "rank of member (ZREVRANK)")]
    public long RankOfMember() => _state.RankOf(BenchmarkData.MemberId(_random.Next(Members)));

    [Benchmark(Description = "rank, score and entry of member (ZREVRANK WITHSCORE)")]
    public long? LookupMember() => _state.Get(BenchmarkData.MemberId(_random.Next(Members)))?.LocalRank;

    [Benchmark(Description = "top 100 with scores (ZREVRANGE 0 99)")]
    public int Top100() => _state.Range(0, 100).Count;
}
