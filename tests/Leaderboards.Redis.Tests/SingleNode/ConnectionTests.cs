using System.Diagnostics;
using Leaderboards.Redis.Tests.Support;

namespace Leaderboards.Redis.Tests.SingleNode;

/// <summary>What callers see when a connection breaks, stalls or is cancelled, and how it comes back.</summary>
[Trait("Category", "Redis")]
public sealed class ConnectionTests(SingleNodeFixture fixture) : IClassFixture<SingleNodeFixture>
{
    [Fact]
    public async Task BrokenConnection_FailsInFlightCommandsAtOnce_ThenReconnects()
    {
        await using RedisClient client = await fixture.ConnectAsync(RedisProtocol.Resp3, o => o.ClientName = "victim");
        Assert.Equal("PONG", (await client.ExecuteAsync("PING")).ToString());

        // A command blocked on the server is in flight when another connection kills ours.
        string key = $"blocked:{Guid.NewGuid():N}";
        var clock = Stopwatch.StartNew();
        ValueTask<RedisResult> blocked = client.ExecuteKeyedAsync("BLPOP", [key, 10]);
        await using RedisClient admin = await fixture.ConnectAsync(RedisProtocol.Resp3, o => o.ClientName = "admin");
        await Poll.UntilAsync(async () => (await admin.ExecuteAsync("CLIENT", "LIST")).ToString()!.Contains("cmd=blpop", StringComparison.Ordinal),
            TimeSpan.FromSeconds(5), "the BLPOP is blocked on the server");
        await admin.ExecuteAsync("CLIENT", "KILL", "SKIPME", "yes", "TYPE", "normal");

        var error = await Assert.ThrowsAsync<RedisConnectionException>(async () => await blocked);
        Assert.True(error.CommandSent);
        Assert.Contains("lost", error.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"The in-flight command failed only after {clock.Elapsed}.");

        // The connection comes back by itself; unsent commands are retried until it has.
        Assert.Equal("PONG", (await client.ExecuteAsync("PING")).ToString());
        Assert.Equal("victim", (await client.ExecuteAsync("CLIENT", "GETNAME")).ToString());
    }

    [Fact]
    public async Task SlowReply_TimesOut_AndTheConnectionStaysUsable()
    {
        await using RedisClient client = await fixture.ConnectAsync(RedisProtocol.Resp3, o => o.CommandTimeout = TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();
        // The reply comes far later than the timeout, so a loaded machine cannot make the two race.
        await Assert.ThrowsAsync<RedisTimeoutException>(async () => await client.ExecuteAsync("DEBUG", "SLEEP", "3"));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"Timed out only after {clock.Elapsed}.");

        // The late reply is discarded; later commands get their own answers.
        await Poll.UntilAsync(async () => (await client.ExecuteAsync("ECHO", "after")).ToString() == "after", TimeSpan.FromSeconds(10), "the node answers again");
    }

    [Fact]
    public async Task SlowHandshake_IsBoundByTheConnectTimeout_NotTheCommandTimeout()
    {
        // The node is busy for 800 ms when a client with a 200 ms command timeout connects: its HELLO waits that long.
        ValueTask<RedisResult> busy = fixture.Client(RedisProtocol.Resp3).ExecuteAsync("DEBUG", "SLEEP", "0.8");
        var clock = Stopwatch.StartNew();
        await using RedisClient client = await fixture.ConnectAsync(RedisProtocol.Resp3, o => o.CommandTimeout = TimeSpan.FromMilliseconds(200));
        Assert.Equal("PONG", (await client.ExecuteAsync("PING")).ToString());
        await busy;
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"Connected only after {clock.Elapsed}.");
    }

    [Fact]
    public async Task Cancellation_EndsTheWait_AndLeavesTheConnectionInOrder()
    {
        await using RedisClient client = await fixture.ConnectAsync(RedisProtocol.Resp2);
        using var cancel = new CancellationTokenSource();
        ValueTask<RedisResult> sleeping = client.ExecuteKeyedAsync("BLPOP", [$"none:{Guid.NewGuid():N}", 1], cancellationToken: cancel.Token);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await sleeping);
        Assert.Equal("next", (await client.ExecuteAsync("ECHO", "next")).ToString());
    }

    [Fact]
    public async Task OutstandingCommands_AreBounded_AndWaitersProceed()
    {
        await using RedisClient client = await fixture.ConnectAsync(RedisProtocol.Resp3, o => o.MaxOutstandingCommands = 4);
        ValueTask<RedisResult>[] sent = [.. Enumerable.Range(0, 200).Select(i => client.ExecuteAsync("ECHO", i))];
        for (int i = 0; i < sent.Length; i++)
        {
            Assert.Equal(i.ToString(System.Globalization.CultureInfo.InvariantCulture), (await sent[i]).ToString());
        }
    }

    [Fact]
    public async Task UnreachableNode_FailsToConnect_WithTheEndpointInTheMessage()
    {
        int port = FreePorts.One();
        var options = new RedisOptions { ConnectTimeout = TimeSpan.FromSeconds(2) };
        options.Endpoints.Add(new RedisEndpoint("127.0.0.1", port));
        var error = await Assert.ThrowsAsync<RedisConnectionException>(() => RedisClient.ConnectAsync(options));
        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
    }
}
