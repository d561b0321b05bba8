using Leaderboards.Redis.Internal;
using Leaderboards.Redis.Internal.Connections;

namespace Leaderboards.Redis;

/// <summary>String and key commands.</summary>
public static class StringCommands
{
    /// <summary><c>GET key</c>: the value as text, or null.</summary>
    public static ValueTask<string?> GetAsync(this RedisClient client, string key, CommandFlags flags = CommandFlags.None, CancellationToken cancellationToken = default) =>
        client.ExecuteAsync(new CommandRequest("GET", [key], 0, flags), Replies.String, cancellationToken);

    /// <summary><c>GET key</c>: the value's bytes, or null.</summary>
    public static ValueTask<byte[]?> GetBytesAsync(this RedisClient client, string key, CommandFlags flags = CommandFlags.None, CancellationToken cancellationToken = default) =>
        client.ExecuteAsync(new CommandRequest("GET", [key], 0, flags), Replies.Bytes, cancellationToken);

    /// <summary>
    /// <c>SET key value [PX ms] [NX]</c>: true when the value was set (false only when <paramref name="onlyIfMissing"/>
    /// and the key existed).
    /// </summary>
    public static ValueTask<bool> SetAsync(
        this RedisClient client, string key, RedisValue value, TimeSpan? expiry = null, bool onlyIfMissing = false, CancellationToken cancellationToken = default)
    {
        var args = new List<RedisValue>(5) { key, value };
        if (expiry is { } ttl)
        {
            args.AddRange(["PX", (long)ttl.TotalMilliseconds]);
        }

        if (onlyIfMissing)
        {
            args.Add("NX");
        }

        return client.ExecuteAsync(new CommandRequest("SET", [.. args], 0), Replies.Boolean, cancellationToken);
    }

    /// <summary><c>DEL key</c>: true when the key existed.</summary>
    public static ValueTask<bool> DelAsync(this RedisClient client, string key, CancellationToken cancellationToken = default) =>
        client.ExecuteAsync(CommandRequest.ForKey("DEL", key), Replies.IsOne, cancellationToken);

    /// <summary><c>EXISTS key</c>.</summary>
    public static ValueTask<bool> ExistsAsync(this RedisClient client, string key, CommandFlags flags = CommandFlags.None, CancellationToken cancellationToken = default) =>
        client.ExecuteAsync(new CommandRequest("EXISTS", [key], 0, flags), Replies.IsOne, cancellationToken);

    /// <summary><c>INCRBY key increment</c>: the new value.</summary>
    public static ValueTask<long> IncrByAsync(this RedisClient client, string key, long increment = 1, CancellationToken cancellationToken = default) =>
        client.ExecuteAsync(CommandRequest.ForKey("INCRBY", key, increment), Replies.Integer, cancellationToken);

    /// <summary><c>PEXPIRE key ms</c>: true when the key exists and the expiry was set.</summary>
    public static ValueTask<bool> ExpireAsync(this RedisClient client, string key, TimeSpan expiry, CancellationToken cancellationToken = default) =>
        client.ExecuteAsync(CommandRequest.ForKey("PEXPIRE", key, (long)expiry.TotalMilliseconds), Replies.IsOne, cancellationToken);
}
