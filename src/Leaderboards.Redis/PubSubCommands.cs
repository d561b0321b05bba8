using Leaderboards.Redis.Internal;
using Leaderboards.Redis.Internal.Connections;

namespace Leaderboards.Redis;

/// <summary>Publishing; subscribing is on <see cref="RedisClient.Subscriber"/>.</summary>
public static class PubSubCommands
{
    /// <summary><c>PUBLISH channel message</c> (the cluster forwards it to every node): how many subscribers received it on the node asked.</summary>
    public static ValueTask<long> PublishAsync(this RedisClient client, string channel, RedisValue message, CancellationToken cancellationToken = default) =>
        client.ExecuteAsync(CommandRequest.Keyless("PUBLISH", channel, message), Replies.Integer, cancellationToken);

    /// <summary><c>SPUBLISH channel message</c> (Redis 7): sent to the master owning the channel's slot only.</summary>
    public static ValueTask<long> SPublishAsync(this RedisClient client, string channel, RedisValue message, CancellationToken cancellationToken = default) =>
        client.ExecuteAsync(CommandRequest.ForKey("SPUBLISH", channel, message), Replies.Integer, cancellationToken);
}
