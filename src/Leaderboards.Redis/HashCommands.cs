using Leaderboards.Redis.Internal;
using Leaderboards.Redis.Internal.Connections;

namespace Leaderboards.Redis;

/// <summary>Hash commands.</summary>
public static class HashCommands
{
    /// <summary><c>HSET key field value</c>: true when the field was created.</summary>
    public static ValueTask<bool> HSetAsync(this RedisClient client, string key, string field, RedisValue value, CancellationToken cancellationToken = default) =>
        client.ExecuteAsync(CommandRequest.ForKey("HSET", key, field, value), Replies.IsOne, cancellationToken);

    /// <summary><c>HSET key field value [field value ...]</c>: returns how many fields were created.</summary>
    public static ValueTask<long> HSetAsync(this RedisClient client, string key, IReadOnlyDictionary<string, RedisValue> fields, CancellationToken cancellationToken = default)
    {
        var args = new RedisValue[1 + (2 * fields.Count)];
        args[0] = key;
        int i = 1;
        foreach ((string field, RedisValue value) in fields)
        {
            args[i++] = field;
            args[i++] = value;
        }

        return client.ExecuteAsync(new CommandRequest("HSET", args, 0), Replies.Integer, cancellationToken);
    }

    /// <summary><c>HGET key field</c>: the value, or null.</summary>
    public static ValueTask<string?> HGetAsync(this RedisClient client, string key, string field, CommandFlags flags = CommandFlags.None, CancellationToken cancellationToken = default) =>
        client.ExecuteAsync(new CommandRequest("HGET", [key, field], 0, flags), Replies.String, cancellationToken);

    /// <summary><c>HGETALL key</c>: every field and value (empty for a missing key).</summary>
    public static ValueTask<Dictionary<string, string>> HGetAllAsync(this RedisClient client, string key, CommandFlags flags = CommandFlags.None, CancellationToken cancellationToken = default) =>
        client.ExecuteAsync(new CommandRequest("HGETALL", [key], 0, flags), Replies.StringMap, cancellationToken);

    /// <summary><c>HDEL key field</c>: true when the field was there.</summary>
    public static ValueTask<bool> HDelAsync(this RedisClient client, string key, string field, CancellationToken cancellationToken = default) =>
        client.ExecuteAsync(CommandRequest.ForKey("HDEL", key, field), Replies.IsOne, cancellationToken);

    /// <summary><c>HINCRBY key field increment</c>: the new value.</summary>
    public static ValueTask<long> HIncrByAsync(this RedisClient client, string key, string field, long increment, CancellationToken cancellationToken = default) =>
        client.ExecuteAsync(CommandRequest.ForKey("HINCRBY", key, field, increment), Replies.Integer, cancellationToken);
}
