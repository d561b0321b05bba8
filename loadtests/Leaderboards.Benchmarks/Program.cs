using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Leaderboards.Benchmarks;

// `memory MEMBERS [PARTITIONS]` prints heap bytes per member, `recovery MEMBERS` restore and replay times, `feed-churn
// CYCLES [OUT_FILE]` the heap before and after creating and deleting watched boards, `write-throughput MEMBERS PARTITIONS
// WRITERS SECONDS [BATCH]` score changes a second with concurrent writers; anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "memory")
    return await MemoryProbe.RunAsync(args[1..]);
if (args.Length > 0 && args[0] == "recovery")
    return await RecoveryProbe.RunAsync(args[1..]);
if (args.Length > 0 && args[0] == "write-throughput")
    return await WriteThroughputProbe.RunAsync(args[1..]);
if (args.Length > 0 && args[0] == "feed-churn")
    return await FeedChurnProbe.RunAsync(args[1..]);

// The out-of-process toolchain cannot build here: every job runs in this process.
var config = DefaultConfig.Instance
    .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).WithId("InProcess"))
    .WithOptions(ConfigOptions.DisableOptimizationsValidator);
BenchmarkSwitcher.FromAssembly(typeof(BoardBenchmarks).Assembly).Run(args, config);
return 0;
