using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Leaderboards.Engine;
using Leaderboards.Engine.Boards;
using Leaderboards.Redis;
using Leaderboards.Redis.Tests.Support;
using Leaderboards.Service.Clustered;
using Leaderboards.Testing;
using Xunit.Abstractions;

namespace Leaderboards.Service.Tests.Clustered;

/// <summary>
/// The master that owns a busy partition is killed with SIGKILL while four writers submit with WaitReplicas=1: writes
/// fail only until the replica took over and the dead node is back as its replica, with Redis errors the service
/// answers 503, never anything else, and every write that was acknowledged is on the board afterwards.
/// </summary>
public sealed class ClusterFailoverTests(FailoverClusterFixture cluster, ITestOutputHelper output) : IClassFixture<FailoverClusterFixture>
{
    [Fact]
    public async Task AMasterKilledUnderLoad_LosesNoAcknowledgedScore()
    {
        await using var client = await cluster.ConnectAsync(o =>
        {
            o.CommandTimeout = TimeSpan.FromSeconds(3);
            o.RetryMaxBackoff = TimeSpan.FromMilliseconds(200);
            o.ReconnectMaxBackoff = TimeSpan.FromMilliseconds(500);
        });
        string id = $"b{Guid.NewGuid():N}"[..12];
        var options = new BoardOptions { UpdatePolicy = UpdatePolicy.Latest, Partitions = 3 };
        var board = new ClusterBoard(client, "fo:", id, options, new ClusterWriteOptions { WaitReplicas = 1, WaitTimeout = TimeSpan.FromSeconds(1) });
        var victim = client.MasterOf($"fo:{{{id}:0}}:z")!;
        int victimPid = cluster.PidOf(victim.Port);

        // Each writer owns its players and only raises their scores, so a player's stored score is at least the last one acknowledged.
        var acknowledged = new ConcurrentDictionary<string, long>();
        var unexpected = new ConcurrentQueue<Exception>();
        var clock = Stopwatch.StartNew();
        long killedAt = long.MaxValue, firstOkAfterKill = long.MaxValue, okAfterKill = 0, failed = 0;
        var writes = new CountSignal();
        var recovered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        Task[] writers = [.. Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (long n = 1; n <= 1_000_000 && !stop.IsCancellationRequested; n++)
            {
                string player = $"w{w}-p{n % 25}";
                long started = clock.ElapsedTicks;
                try
                {
                    await board.SubmitAsync(new ScoreSubmission(player, n));
                    acknowledged[player] = n;
                    if (started > Interlocked.Read(ref killedAt) && BoardRules.PartitionOf(player, options.Partitions) == 0)
                    {
                        Interlocked.CompareExchange(ref firstOkAfterKill, clock.ElapsedTicks, long.MaxValue);
                        if (Interlocked.Increment(ref okAfterKill) >= 200)
                            recovered.TrySetResult();
                    }
                }
                catch (Exception e) when (e is RedisException or ReplicationShortfallException)
                {
                    Interlocked.Increment(ref failed);
                }
                catch (Exception e)
                {
                    unexpected.Enqueue(e);
                }

                writes.Increment();
            }
        }))];

        await writes.WhenAtLeastAsync(500).WaitAsync(TimeSpan.FromSeconds(30));
        Interlocked.Exchange(ref killedAt, clock.ElapsedTicks);
        Process.GetProcessById(victimPid).Kill();
        // The dead node is started again, as a supervisor would: the script holds it back until its replica took over
        // its slots, then it rejoins as the new master's replica. Until then WaitReplicas=1 cannot be met on that
        // shard, and its writes are refused.
        await cluster.StartNodeAsync(victim.Port);
        await recovered.Task.WaitAsync(TimeSpan.FromSeconds(45));
        stop.Cancel();
        await Task.WhenAll(writers);

        Assert.Empty(unexpected);
        var stored = (await board.QueryPlayersAsync([.. acknowledged.Keys], ReadConsistency.Strong)).ToDictionary(s => s.Entry.PlayerId, s => s.Entry.Score);
        foreach (var (player, score) in acknowledged)
            Assert.True(stored.TryGetValue(player, out long kept) && kept >= score, $"{player}: acknowledged {score}, stored {(stored.TryGetValue(player, out long s) ? s : null)}");
        double recoverySeconds = (firstOkAfterKill - killedAt) / (double)Stopwatch.Frequency;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{writes.Count} writes, {failed} refused during the failover, first acknowledged write to the killed master's partition {recoverySeconds:0.00} s after the kill, {acknowledged.Count} players checked"));
    }
}
