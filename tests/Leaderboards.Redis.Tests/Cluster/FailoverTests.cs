using System.Diagnostics;
using System.Globalization;
using Leaderboards.Redis.Tests.Support;
using Leaderboards.Testing;

namespace Leaderboards.Redis.Tests.Cluster;

/// <summary>A master killed with SIGKILL under load: errors only while the failover lasts, no caller hangs, then recovery.</summary>
[Trait("Category", "Redis")]
public sealed class FailoverTests(FailoverClusterFixture cluster) : IClassFixture<FailoverClusterFixture>
{
    private static readonly TimeSpan s_commandTimeout = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task MasterKilled_UnderLoad_CallersFailOnlyDuringFailover_AndNoneHangs()
    {
        await using RedisClient client = await cluster.ConnectAsync(o =>
        {
            o.CommandTimeout = s_commandTimeout;
            o.RetryMaxBackoff = TimeSpan.FromMilliseconds(200);
            o.ReconnectMaxBackoff = TimeSpan.FromMilliseconds(500);
        });
        string run = Guid.NewGuid().ToString("N")[..8];
        string[] keys = [.. Enumerable.Range(0, 300).Select(i => $"failover:{run}:{i}")];
        RedisEndpoint victim = client.Masters[0];
        int victimPid = cluster.PidOf(victim.Port);

        // A sharded channel on the shard about to lose its master: it has to follow the promotion.
        string channel = Enumerable.Range(0, 10_000).Select(i => $"failover-ch:{run}:{i}")
            .First(c => client.Router.Topology[HashSlot.Compute(c)]!.Master == victim);
        var received = System.Threading.Channels.Channel.CreateUnbounded<string>();
        await using IAsyncDisposable subscription = await client.Subscriber.SSubscribeAsync(channel, m => received.Writer.TryWrite(m.Text));
        Assert.Equal(1, await client.SPublishAsync(channel, "before"));
        Assert.Equal("before", await received.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));

        var clock = Stopwatch.StartNew();
        var results = new List<(TimeSpan Start, TimeSpan Took, bool Ok, string? Error)>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(45));
        long killedAtTicks = long.MaxValue;
        long consecutiveOkAfterKill = 0;
        var commands = new CountSignal();
        var recovered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task[] writers = [.. Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            for (int n = 0; n < 1_000_000 && !stop.IsCancellationRequested; n++)
            {
                TimeSpan start = clock.Elapsed;
                string? error = null;
                try
                {
                    await client.IncrByAsync(keys[random.Next(keys.Length)]);
                }
                catch (RedisException e)
                {
                    error = e.Message;
                }

                TimeSpan took = clock.Elapsed - start;
                lock (results)
                {
                    results.Add((start, took, error is null, error));
                    if (start.Ticks > Interlocked.Read(ref killedAtTicks))
                    {
                        consecutiveOkAfterKill = error is null ? consecutiveOkAfterKill + 1 : 0;
                        if (consecutiveOkAfterKill > 2000)
                            recovered.TrySetResult();
                    }
                }
                commands.Increment();
            }
        }))];

        await commands.WhenAtLeastAsync(2001).WaitAsync(TimeSpan.FromSeconds(10));
        Interlocked.Exchange(ref killedAtTicks, clock.Elapsed.Ticks);
        Process.GetProcessById(victimPid).Kill();

        // Recovered: a replica was promoted, and the load has run error-free for 2,000 commands since.
        await recovered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await Poll.UntilAsync(() => Task.FromResult(!client.Masters.Contains(victim)), TimeSpan.FromSeconds(30), "the client's topology has a replica in the victim's place");
        stop.Cancel();
        await Task.WhenAll(writers);

        // The subscription moved to the promoted replica by itself.
        await Poll.UntilAsync(async () => await client.SPublishAsync(channel, "after") == 1, TimeSpan.FromSeconds(15), "the sharded subscription is back");
        Assert.Equal("after", await received.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));

        var killedAt = TimeSpan.FromTicks(killedAtTicks);
        var failed = results.Where(r => !r.Ok).ToList();
        Assert.NotEmpty(failed);
        Assert.All(failed, r => Assert.True(r.Start > killedAt - s_commandTimeout, $"An error before the kill: {r.Error}"));
        TimeSpan lastFailure = failed.Max(r => r.Start + r.Took);
        Assert.True(lastFailure - killedAt < TimeSpan.FromSeconds(15), $"Errors went on for {lastFailure - killedAt} after the kill.");
        TimeSpan longest = results.Max(r => r.Took);
        Assert.True(longest < s_commandTimeout + TimeSpan.FromSeconds(1.5), $"A command took {longest}, past its {s_commandTimeout} timeout.");
        foreach (string key in keys.Take(20))
        {
            await client.GetAsync(key);
        }

        string summary = string.Create(CultureInfo.InvariantCulture,
            $"{results.Count} commands, {failed.Count} failed, errors for {(lastFailure - killedAt).TotalSeconds:0.0} s, longest {longest.TotalMilliseconds:0} ms");
        Assert.True(results.Count > failed.Count, summary);
    }
}
