using Leaderboards.Redis.Protocol;
using Leaderboards.Redis.Tests.Support;

namespace Leaderboards.Redis.Tests.SingleNode;

/// <summary>Scripts by digest with the NOSCRIPT fallback, MULTI/EXEC, WAIT and the sorted-set commands on one node.</summary>
[Trait("Category", "Redis")]
public sealed class ScriptAndTransactionTests(SingleNodeFixture fixture) : IClassFixture<SingleNodeFixture>
{
    private static readonly LuaScript s_addAndRank = new(
        "redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2]); return redis.call('ZREVRANK', KEYS[1], ARGV[2])");

    [Fact]
    public async Task Script_RunsByDigest_AndIsLoadedAgainAfterAFlush()
    {
        RedisClient client = fixture.Client(RedisProtocol.Resp3);
        string key = $"z:{Guid.NewGuid():N}";
        Assert.Equal(0, (await client.EvaluateAsync(s_addAndRank, [key], [10, "a"])).ToInt64());
        await client.ExecuteAsync("SCRIPT", "FLUSH");
        Assert.Equal(0, (await client.EvaluateAsync(s_addAndRank, [key], [20, "b"])).ToInt64());
        Assert.Equal(1, (await client.EvaluateAsync(s_addAndRank, [key], [5, "c"])).ToInt64() - 1);
        var error = await Assert.ThrowsAsync<RedisServerException>(async () => await client.EvaluateAsync(new LuaScript("return redis.call('NOPE')"), [key]));
        Assert.Contains("Unknown Redis command", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transaction_RunsAtomically_AndReportsEachResult()
    {
        RedisClient client = fixture.Client(RedisProtocol.Resp2);
        string key = $"tx:{Guid.NewGuid():N}";
        RedisResult results = await client.TransactionAsync([
            ("ZADD", [key, 1, "a"]),
            ("ZADD", [key, 2, "b"]),
            ("ZREVRANK", [key, "a"]),
            ("HSET", [key, "f", "v"]),
            ("ZCARD", [key]),
        ]);
        Assert.Equal(5, results.Items.Count);
        Assert.Equal(1, results.Items[2].ToInt64());
        Assert.Equal(RespType.Error, results.Items[3].Type);
        Assert.StartsWith("WRONGTYPE", results.Items[3].ToString(), StringComparison.Ordinal);
        Assert.Equal(2, results.Items[4].ToInt64());

        var refused = await Assert.ThrowsAsync<RedisServerException>(async () => await client.TransactionAsync([("ZADD", [key, "notanumber"])]));
        Assert.Equal("EXECABORT", refused.Prefix);
        Assert.Equal(2, await client.ZCardAsync(key));
    }

    [Fact]
    public async Task Wait_ReturnsTheReplicasThatAcknowledged()
    {
        RedisClient client = fixture.Client(RedisProtocol.Resp3);
        string key = $"w:{Guid.NewGuid():N}";
        await client.SetAsync(key, 1);
        Assert.Equal(0, await client.WaitForReplicasAsync(key, 0, TimeSpan.FromMilliseconds(10)));
    }

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task SortedSetCommands_AnswerAsRedisDocumentsThem(RedisProtocol protocol)
    {
        RedisClient client = fixture.Client(protocol);
        string key = $"zs:{Guid.NewGuid():N}";
        Assert.Equal(4, await client.ZAddAsync(key, [new("a", 0), new("b", 0), new("c", 0), new("d", 0)]));
        Assert.False(await client.ZAddAsync(key, "a", 0));
        Assert.Equal(4, await client.ZCardAsync(key));
        Assert.Equal(2, await client.ZLexCountAsync(key, "[b", "[c"));
        Assert.Equal(new string?[] { "b", "c", "d" }, (IEnumerable<string?>)await client.ZRangeByLexAsync(key, "(a", "+"));
        Assert.Equal(new string?[] { "d", "c" }, (IEnumerable<string?>)await client.ZRangeByLexAsync(key, "+", "-", reverse: true, offset: 0, count: 2));
        Assert.Equal(1, await client.ZRankAsync(key, "b"));
        Assert.Equal(2, await client.ZRevRankAsync(key, "b"));
        Assert.True(await client.ZRemAsync(key, "b"));
        Assert.Null(await client.ZRankAsync(key, "b"));
        await client.ZAddAsync(key, "z", 9.5);
        SortedSetEntry[] top = await client.ZRangeWithScoresAsync(key, 0, 1, reverse: true);
        Assert.Equal([new SortedSetEntry("z", 9.5), new SortedSetEntry("d", 0)], top);
    }
}
