using Leaderboards.Redis.Protocol;
using Leaderboards.Redis.Tests.Support;

namespace Leaderboards.Redis.Tests.SingleNode;

/// <summary>Every RESP reply type, as a real redis-server 7 sends it, in RESP2 and in RESP3.</summary>
[Trait("Category", "Redis")]
public sealed class ReplyTypeTests(SingleNodeFixture fixture) : IClassFixture<SingleNodeFixture>
{
    public static TheoryData<RedisProtocol> Protocols => new() { RedisProtocol.Resp2, RedisProtocol.Resp3 };

    private static string Key() => $"t:{Guid.NewGuid():N}";

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task SimpleString_IsReadAsText(RedisProtocol protocol)
    {
        RedisResult reply = await fixture.Client(protocol).ExecuteAsync("PING");
        Assert.Equal(RespType.SimpleString, reply.Type);
        Assert.Equal("PONG", reply.ToString());
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Error_FailsTheCommandWithTheServersMessage(RedisProtocol protocol)
    {
        var error = await Assert.ThrowsAsync<RedisServerException>(async () => await fixture.Client(protocol).ExecuteAsync("NOSUCHCOMMAND", "x"));
        Assert.Equal("ERR", error.Prefix);
        Assert.Contains("unknown command", error.Message, StringComparison.Ordinal);

        string key = Key();
        await fixture.Client(protocol).SetAsync(key, "text");
        var wrongType = await Assert.ThrowsAsync<RedisServerException>(async () => await fixture.Client(protocol).ZCardAsync(key));
        Assert.Equal("WRONGTYPE", wrongType.Prefix);
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Integer_IsReadAsInt64(RedisProtocol protocol)
    {
        string key = Key();
        Assert.Equal(long.MaxValue - 1, await fixture.Client(protocol).IncrByAsync(key, long.MaxValue - 1));
        RedisResult reply = await fixture.Client(protocol).ExecuteKeyedAsync("INCRBY", [key, long.MinValue + 1]);
        Assert.Equal(RespType.Integer, reply.Type);
        Assert.Equal(-1, reply.ToInt64());
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task BulkString_RoundTripsBinaryAndUnicode(RedisProtocol protocol)
    {
        RedisClient client = fixture.Client(protocol);
        string key = Key();
        byte[] binary = [0, 13, 10, 255, (byte)'$', (byte)'*', 0];
        await client.SetAsync(key, binary);
        Assert.Equal(binary, await client.GetBytesAsync(key));
        await client.SetAsync(key, "héllo\r\nwörld ✓");
        Assert.Equal("héllo\r\nwörld ✓", await client.GetAsync(key));
        await client.SetAsync(key, string.Empty);
        Assert.Equal(string.Empty, await client.GetAsync(key));
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task BulkString_Of10MiB_RoundTrips(RedisProtocol protocol)
    {
        RedisClient client = fixture.Client(protocol);
        string key = Key();
        byte[] value = new byte[10 * 1024 * 1024];
        new Random(42).NextBytes(value);
        Assert.True(await client.SetAsync(key, value));
        byte[]? read = await client.GetBytesAsync(key);
        Assert.True(value.AsSpan().SequenceEqual(read));
        await client.DelAsync(key);
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Nulls_AreNullInEveryForm(RedisProtocol protocol)
    {
        RedisClient client = fixture.Client(protocol);
        string key = Key();
        Assert.Null(await client.GetAsync(key));
        Assert.Null(await client.ZScoreAsync(key, "m"));
        Assert.Null(await client.ZRevRankAsync(key, "m"));
        RedisResult bulk = await client.ExecuteKeyedAsync("GET", [key]);
        Assert.True(bulk.IsNull);
        Assert.Equal(protocol == RedisProtocol.Resp3 ? RespType.Null : RespType.BulkString, bulk.Type);

        // BLPOP's timeout answer is RESP2's null array (*-1) and RESP3's null.
        RedisResult array = await client.ExecuteKeyedAsync("BLPOP", [key, "0.01"]);
        Assert.True(array.IsNull);
        Assert.Equal(protocol == RedisProtocol.Resp3 ? RespType.Null : RespType.Array, array.Type);
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task NestedArrays_KeepTheirShape(RedisProtocol protocol)
    {
        RedisResult reply = await fixture.Client(protocol).ExecuteAsync("EVAL", "return {1,{2,{3,'x',{}}},'y'}", 0);
        Assert.Equal(RespType.Array, reply.Type);
        Assert.Equal(3, reply.Items.Count);
        Assert.Equal(1, reply.Items[0].ToInt64());
        RedisResult inner = reply.Items[1].Items[1];
        Assert.Equal(3, inner.Items[0].ToInt64());
        Assert.Equal("x", inner.Items[1].ToString());
        Assert.Empty(inner.Items[2].Items);
        Assert.False(inner.Items[2].IsNull);
        Assert.Equal("y", reply.Items[2].ToString());
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Map_IsAMapInResp3AndPairsInResp2(RedisProtocol protocol)
    {
        RedisClient client = fixture.Client(protocol);
        string key = Key();
        await client.HSetAsync(key, new Dictionary<string, RedisValue> { ["a"] = 1, ["b"] = "two" });
        RedisResult reply = await client.ExecuteKeyedAsync("HGETALL", [key]);
        Assert.Equal(protocol == RedisProtocol.Resp3 ? RespType.Map : RespType.Array, reply.Type);
        Assert.Equal(4, reply.Items.Count);
        Assert.Equal(new Dictionary<string, string> { ["a"] = "1", ["b"] = "two" }, await client.HGetAllAsync(key));
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Set_IsASetInResp3(RedisProtocol protocol)
    {
        RedisClient client = fixture.Client(protocol);
        string key = Key();
        await client.ExecuteKeyedAsync("SADD", [key, "a", "b", "c"]);
        RedisResult reply = await client.ExecuteKeyedAsync("SMEMBERS", [key]);
        Assert.Equal(protocol == RedisProtocol.Resp3 ? RespType.Set : RespType.Array, reply.Type);
        Assert.Equal(["a", "b", "c"], reply.Items.Select(i => i.ToString()).Order());
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Double_IsReadInBothForms(RedisProtocol protocol)
    {
        RedisClient client = fixture.Client(protocol);
        string key = Key();
        await client.ZAddAsync(key, "a", 1.5);
        await client.ZAddAsync(key, "inf", double.PositiveInfinity);
        await client.ZAddAsync(key, "small", -3.25e-7);
        Assert.Equal(1.5, await client.ZScoreAsync(key, "a"));
        Assert.Equal(double.PositiveInfinity, await client.ZScoreAsync(key, "inf"));
        Assert.Equal(-3.25e-7, await client.ZScoreAsync(key, "small"));
        RedisResult reply = await client.ExecuteAsync("EVAL", "return {double=3.5}", 0);
        Assert.Equal(protocol == RedisProtocol.Resp3 ? RespType.Double : RespType.BulkString, reply.Type);
        Assert.Equal(3.5, reply.ToDouble());
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Boolean_IsABooleanInResp3AndAnIntegerInResp2(RedisProtocol protocol)
    {
        RedisResult yes = await fixture.Client(protocol).ExecuteAsync("EVAL", "redis.setresp(3); return true", 0);
        RedisResult no = await fixture.Client(protocol).ExecuteAsync("EVAL", "redis.setresp(3); return false", 0);
        Assert.Equal(protocol == RedisProtocol.Resp3 ? RespType.Boolean : RespType.Integer, yes.Type);
        Assert.True(yes.ToBoolean());
        Assert.False(!no.IsNull && no.ToBoolean());
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task BigNumber_KeepsEveryDigit(RedisProtocol protocol)
    {
        RedisResult reply = await fixture.Client(protocol).ExecuteAsync("EVAL", "return {big_number='-123456789012345678901234567890'}", 0);
        Assert.Equal(protocol == RedisProtocol.Resp3 ? RespType.BigNumber : RespType.BulkString, reply.Type);
        Assert.Equal("-123456789012345678901234567890", reply.ToString());
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Verbatim_DropsItsFormatFromTheText(RedisProtocol protocol)
    {
        RedisResult reply = await fixture.Client(protocol).ExecuteAsync("EVAL", "return {verbatim_string={format='txt', string='hi there'}}", 0);
        Assert.Equal(protocol == RedisProtocol.Resp3 ? RespType.VerbatimString : RespType.BulkString, reply.Type);
        Assert.Equal("hi there", reply.ToString());
        Assert.Equal(protocol == RedisProtocol.Resp3 ? "txt" : null, reply.VerbatimFormat);

        IReadOnlyDictionary<string, string> info = await fixture.Client(protocol).InfoAsync(fixture.Endpoint, "server");
        Assert.StartsWith("7.", info["redis_version"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Push_OutOfBand_DoesNotDisturbTheRepliesInOrder()
    {
        // Client-side caching invalidations arrive as RESP3 pushes on the same connection, between replies.
        await using RedisClient client = await fixture.ConnectAsync(RedisProtocol.Resp3);
        string key = Key();
        await client.ExecuteAsync("CLIENT", "TRACKING", "on");
        for (int i = 0; i < 50; i++)
        {
            Assert.Equal(i == 0 ? null : (i - 1).ToString(System.Globalization.CultureInfo.InvariantCulture), await client.GetAsync(key));
            Assert.True(await client.SetAsync(key, i));
        }

        Assert.Equal("PONG", (await client.ExecuteAsync("PING")).ToString());
    }
}
