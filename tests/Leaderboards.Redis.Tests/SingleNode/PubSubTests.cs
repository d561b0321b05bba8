using System.Threading.Channels;
using Leaderboards.Redis.Tests.Support;

namespace Leaderboards.Redis.Tests.SingleNode;

/// <summary>Pub/sub on one node, in RESP2 (arrays) and RESP3 (push messages), across a reconnect.</summary>
[Trait("Category", "Redis")]
public sealed class PubSubTests(SingleNodeFixture fixture) : IClassFixture<SingleNodeFixture>
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(RedisProtocol.Resp2, false)]
    [InlineData(RedisProtocol.Resp3, false)]
    [InlineData(RedisProtocol.Resp2, true)]
    [InlineData(RedisProtocol.Resp3, true)]
    public async Task Subscriber_ReceivesWhatIsPublished_UntilDisposed(RedisProtocol protocol, bool sharded)
    {
        await using RedisClient client = await fixture.ConnectAsync(protocol);
        string channel = $"ch:{Guid.NewGuid():N}";
        var received = Channel.CreateUnbounded<string>();
        IAsyncDisposable subscription = sharded
            ? await client.Subscriber.SSubscribeAsync(channel, m => received.Writer.TryWrite(m.Text))
            : await client.Subscriber.SubscribeAsync(channel, m => received.Writer.TryWrite(m.Text));

        for (int i = 0; i < 3; i++)
        {
            long receivers = sharded ? await client.SPublishAsync(channel, $"m{i}") : await client.PublishAsync(channel, $"m{i}");
            Assert.Equal(1, receivers);
        }

        for (int i = 0; i < 3; i++)
        {
            Assert.Equal($"m{i}", await received.Reader.ReadAsync().AsTask().WaitAsync(s_wait));
        }

        await subscription.DisposeAsync();
        await Poll.UntilAsync(async () => await client.PublishAsync(channel, "late") == 0 && await client.SPublishAsync(channel, "late") == 0,
            s_wait, "the channel has no subscriber left");
    }

    [Fact]
    public async Task Subscriber_IsResubscribedAfterItsConnectionIsKilled()
    {
        await using RedisClient client = await fixture.ConnectAsync(RedisProtocol.Resp3);
        string channel = $"ch:{Guid.NewGuid():N}";
        var received = Channel.CreateUnbounded<string>();
        await using IAsyncDisposable subscription = await client.Subscriber.SubscribeAsync(channel, m => received.Writer.TryWrite(m.Text));

        await client.ExecuteAsync("CLIENT", "KILL", "TYPE", "pubsub");
        await Poll.UntilAsync(async () => await client.PublishAsync(channel, "after") == 1, s_wait, "the subscriber is back");
        Assert.Equal("after", await received.Reader.ReadAsync().AsTask().WaitAsync(s_wait));
    }
}
