using System.Globalization;
using System.Threading.Channels;
using Leaderboards.Redis.Tests.Support;
using Leaderboards.Testing;

namespace Leaderboards.Redis.Tests.Cluster;

/// <summary>Routing, replica reads, scripts, transactions, sharded pub/sub and a live reshard on a real 6-node cluster.</summary>
[Trait("Category", "Redis")]
public sealed class ClusterTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Keys_OnEverySlot_AreWrittenAndReadOnTheirOwners()
    {
        RedisClient client = cluster.Client;
        Assert.True(client.IsCluster);
        Assert.Equal(3, client.Masters.Count);

        // One key per slot: the first "slot-test:i" that hashes to it.
        var keys = new string?[HashSlot.Count];
        int found = 0;
        for (int i = 0; found < HashSlot.Count; i++)
        {
            string key = string.Create(CultureInfo.InvariantCulture, $"slot-test:{i}");
            int slot = HashSlot.Compute(key);
            if (keys[slot] is null)
            {
                keys[slot] = key;
                found++;
            }
        }

        await Task.WhenAll(keys.Select((key, slot) => client.SetAsync(key!, slot).AsTask()));
        string?[] values = await Task.WhenAll(keys.Select(key => client.GetAsync(key!).AsTask()));
        Assert.Equal(Enumerable.Range(0, HashSlot.Count).Select(s => s.ToString(CultureInfo.InvariantCulture)), values);

        foreach (string key in new[] { "a", "{user1000}.following", "{user1000}.followers", "foo{}{bar}", "foo{{bar}}zap", "{}x", keys[0]!, keys[16383]! })
        {
            Assert.Equal(await client.ClusterKeySlotAsync(key), HashSlot.Compute(key));
        }

        Assert.Equal(HashSlot.Compute("{user1000}.following"), HashSlot.Compute("{user1000}.followers"));
    }

    [Fact]
    public async Task ReplicaReads_AreServedByReplicas()
    {
        RedisClient client = cluster.Client;
        string key = $"replica:{Guid.NewGuid():N}";
        await client.ZAddAsync(key, "m", 42);
        Assert.Equal(1, await client.WaitForReplicasAsync(key, 1, TimeSpan.FromSeconds(2)));

        long before = await ReplicaCallsAsync("zscore");
        for (int i = 0; i < 20; i++)
        {
            Assert.Equal(42, await client.ZScoreAsync(key, "m", CommandFlags.PreferReplica));
        }

        Assert.Equal(before + 20, await ReplicaCallsAsync("zscore"));
        Assert.Equal(42, await client.ZScoreAsync(key, "m"));
    }

    [Fact]
    public async Task ScriptsAndTransactions_RunOnTheSlotsMaster()
    {
        RedisClient client = cluster.Client;
        var script = new LuaScript("return redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2]) + redis.call('ZCARD', KEYS[2])");
        string tag = Guid.NewGuid().ToString("N");
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(i == 0 ? 1 : 0, (await client.EvaluateAsync(script, [$"{{{tag}}}:a", $"{{{tag}}}:b"], [i, "m"])).ToInt64());
        }

        RedisResult exec = await client.TransactionAsync([("INCRBY", [$"{{{tag}}}:n", 5]), ("INCRBY", [$"{{{tag}}}:n", 6])]);
        Assert.Equal(11, exec.Items[1].ToInt64());
        Assert.Throws<ArgumentException>(() => client.TransactionAsync([("INCR", ["x1"]), ("INCR", ["x2"])]));
        var crossSlot = await Assert.ThrowsAsync<RedisServerException>(async () => await client.EvaluateAsync(script, ["x1", "x2"], [1, "m"]));
        Assert.Equal("CROSSSLOT", crossSlot.Prefix);
    }

    [Fact]
    public async Task ShardedAndClassicPubSub_DeliverAcrossTheCluster()
    {
        await using RedisClient client = await cluster.ConnectAsync();
        var received = Channel.CreateUnbounded<string>();
        var channels = Enumerable.Range(0, 6).Select(i => $"ch:{i}:{Guid.NewGuid():N}").ToArray();
        var subscriptions = new List<IAsyncDisposable>();
        foreach (string channel in channels)
        {
            subscriptions.Add(await client.Subscriber.SSubscribeAsync(channel, m => received.Writer.TryWrite($"{m.Channel}={m.Text}")));
        }

        subscriptions.Add(await client.Subscriber.SubscribeAsync("classic", m => received.Writer.TryWrite($"classic={m.Text}")));
        foreach (string channel in channels)
        {
            Assert.Equal(1, await client.SPublishAsync(channel, "hi"));
            Assert.Equal($"{channel}=hi", await received.Reader.ReadAsync().AsTask().WaitAsync(s_wait));
        }

        await client.PublishAsync("classic", "all");
        Assert.Equal("classic=all", await received.Reader.ReadAsync().AsTask().WaitAsync(s_wait));
        foreach (IAsyncDisposable subscription in subscriptions)
        {
            await subscription.DisposeAsync();
        }
    }

    [Fact]
    public async Task AskAndMoved_AreFollowed_AndTheSlotMapCatchesUp()
    {
        using var metrics = new MetricsRecorder();
        await using RedisClient client = await cluster.ConnectAsync(o => o.TopologyRefreshInterval = TimeSpan.FromMinutes(5));
        string key = $"redirect:{Guid.NewGuid():N}";
        int slot = HashSlot.Compute(key);
        RedisEndpoint source = client.Router.Topology[slot]!.Master;
        RedisEndpoint target = client.Masters.First(m => m != source);
        string sourceId = (await client.ExecuteOnNodeAsync(source, "CLUSTER", ["MYID"])).ToString()!;
        string targetId = (await client.ExecuteOnNodeAsync(target, "CLUSTER", ["MYID"])).ToString()!;

        // A key already in the slot on the source, which the migration has to carry.
        string resident = $"{{{key}}}:resident";
        Assert.True(await client.SetAsync(resident, "stays-readable"));

        // Half-way through a migration: a key missing on the source is asked of the target (ASK).
        await client.ExecuteOnNodeAsync(target, "CLUSTER", ["SETSLOT", slot, "IMPORTING", sourceId]);
        await client.ExecuteOnNodeAsync(source, "CLUSTER", ["SETSLOT", slot, "MIGRATING", targetId]);
        Assert.True(await client.SetAsync(key, "moved-value"));
        Assert.Equal("moved-value", await client.GetAsync(key));
        var ask = await Assert.ThrowsAsync<RedisServerException>(async () => await client.ExecuteOnNodeAsync(source, "GET", [key]));
        Assert.Equal("ASK", ask.Prefix);
        Assert.True(metrics["redis.client.redirects/ASK"] >= 2);

        // A multi-key command over both sides of the migration is refused with TRYAGAIN, and retried with backoff
        // until the migration completes below.
        ValueTask<RedisResult> both = client.ExecuteKeyedAsync("MGET", [resident, key]);
        await Poll.UntilAsync(() => Task.FromResult(metrics["redis.client.retries/TRYAGAIN"] >= 1), TimeSpan.FromSeconds(5), "MGET was retried after TRYAGAIN");
        Assert.False(both.IsCompleted);

        // The keys still on the source move, as redis-cli --cluster would move them (with other tests' data, if any).
        RedisResult left = await client.ExecuteOnNodeAsync(source, "CLUSTER", ["GETKEYSINSLOT", slot, 1000]);
        Assert.NotEmpty(left.Items);
        RedisValue[] migrate = [target.Host, target.Port, "", 0, 5000, "KEYS", .. left.Items.Select(k => (RedisValue)k.ToString()!)];
        await client.ExecuteOnNodeAsync(source, "MIGRATE", migrate);

        // Migration done: the client's map still names the source, which answers MOVED.
        foreach (RedisEndpoint node in new[] { target, source })
        {
            await client.ExecuteOnNodeAsync(node, "CLUSTER", ["SETSLOT", slot, "NODE", targetId]);
        }

        Assert.Equal("moved-value", await client.GetAsync(key));
        Assert.Equal("stays-readable", await client.GetAsync(resident));
        Assert.Equal(["stays-readable", "moved-value"], (await both).Items.Select(i => i.ToString()));
        Assert.True(metrics["redis.client.redirects/MOVED"] >= 1);
        Assert.Equal(target, client.Router.Topology[slot]!.Master);
        await Poll.UntilAsync(async () => (await FixtureCliAsync("--cluster", "check", $"127.0.0.1:{cluster.BasePort}")).Contains("[OK] All 16384 slots covered", StringComparison.Ordinal),
            TimeSpan.FromSeconds(20), "every node agrees on the new owner");
    }

    [Fact]
    public async Task Metrics_CountCommandsErrorsAndLatency()
    {
        using var metrics = new MetricsRecorder();
        for (int i = 0; i < 10; i++)
        {
            await cluster.Client.IncrByAsync($"metrics:{i}");
        }

        await Assert.ThrowsAsync<RedisServerException>(async () => await cluster.Client.ExecuteKeyedAsync("HGET", ["metrics:0", "f"]));
        Assert.True(metrics["redis.client.commands"] >= 11);
        Assert.True(metrics["redis.client.errors/WRONGTYPE"] >= 1);
        Assert.True(metrics.Count("redis.client.command.duration") >= 11);
    }

    [Fact]
    public async Task LiveReshard_UnderEightWriters_FailsNoCommand()
    {
        await using RedisClient client = await cluster.ConnectAsync(o => o.CommandTimeout = TimeSpan.FromSeconds(10));
        string from = (await FixtureCliAsync("cluster", "myid")).Trim();
        string to = (await ClusterFixture.RedisCliAsync(s_wait, "-p", (cluster.BasePort + 1).ToString(CultureInfo.InvariantCulture), "cluster", "myid")).Trim();
        string run = Guid.NewGuid().ToString("N")[..8];

        // Keys all over the slot space, some in the slots about to move, with data that MIGRATE has to carry.
        const int keyCount = 2000;
        string[] keys = [.. Enumerable.Range(0, keyCount).Select(i => $"reshard:{run}:{i}")];
        await Task.WhenAll(keys.Select(k => client.ZAddAsync(k, "seed", 0).AsTask()));

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var succeeded = new CountSignal();
        var failures = new List<string>();
        long[] adds = new long[keyCount];
        Task[] writers = [.. Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            for (int n = 0; n < 200_000 && !stop.IsCancellationRequested; n++)
            {
                int k = random.Next(keyCount);
                try
                {
                    await client.ZAddAsync(keys[k], $"w{w}:{n}", n);
                    Interlocked.Increment(ref adds[k]);
                    succeeded.Increment();
                }
                catch (RedisException e)
                {
                    lock (failures)
                    {
                        failures.Add(e.Message);
                    }
                }
            }
        }))];

        await succeeded.WhenAtLeastAsync(2001).WaitAsync(s_wait);
        await ClusterFixture.RedisCliAsync(TimeSpan.FromSeconds(60), "--cluster", "reshard", $"127.0.0.1:{cluster.BasePort}",
            "--cluster-from", from, "--cluster-to", to, "--cluster-slots", "300", "--cluster-yes", "--cluster-pipeline", "50");
        // The writers run on after the reshard.
        await succeeded.WhenAtLeastAsync(succeeded.Count + 2001).WaitAsync(s_wait);
        stop.Cancel();
        await Task.WhenAll(writers);

        Assert.Empty(failures);
        for (int k = 0; k < keyCount; k += 97)
        {
            Assert.Equal(adds[k] + 1, await client.ZCardAsync(keys[k]));
        }
    }

    private Task<string> FixtureCliAsync(params string[] arguments) =>
        ClusterFixture.RedisCliAsync(s_wait, ["-p", cluster.BasePort.ToString(CultureInfo.InvariantCulture), .. arguments]);

    /// <summary>How many times the replicas ran <paramref name="command"/>, from their INFO commandstats.</summary>
    private async Task<long> ReplicaCallsAsync(string command)
    {
        long total = 0;
        foreach (RedisEndpoint node in cluster.Endpoints)
        {
            IReadOnlyDictionary<string, string> replication = await cluster.Client.InfoAsync(node, "replication");
            if (replication["role"] != "slave")
            {
                continue;
            }

            IReadOnlyDictionary<string, string> stats = await cluster.Client.InfoAsync(node, "commandstats");
            if (stats.TryGetValue($"cmdstat_{command}", out string? line))
            {
                total += long.Parse(line.Split(',')[0]["calls=".Length..], CultureInfo.InvariantCulture);
            }
        }

        return total;
    }
}
