using Leaderboards.Redis.Internal;
using Leaderboards.Redis.Internal.Connections;

namespace Leaderboards.Redis;

/// <summary>Sorted-set commands. Ranks are 0-based; a missing member or key yields null, as in Redis.</summary>
public static class SortedSetCommands
{
    /// <summary><c>ZADD key score member</c>: adds the member or changes its score; true when it was added.</summary>
    public static ValueTask<bool> ZAddAsync(this RedisClient client, string key, RedisValue member, double score, CancellationToken cancellationToken = default) =>
        client.ExecuteAsync(CommandRequest.ForKey("ZADD", key, score, member), Replies.IsOne, cancellationToken);

    /// <summary><c>ZADD key score member [score member ...]</c>: returns how many members were added (not updated).</summary>
    public static ValueTask<long> ZAddAsync(this RedisClient client, string key, IReadOnlyCollection<SortedSetEntry> entries, CancellationToken cancellationToken = default)
    {
        var args = new RedisValue[1 + (2 * entries.Count)];
        args[0] = key;
        int i = 1;
        foreach (SortedSetEntry entry in entries)
        {
            args[i++] = entry.Score;
            args[i++] = entry.Member;
        }

        return client.ExecuteAsync(new CommandRequest("ZADD", args, 0), Replies.Integer, cancellationToken);
    }

    /// <summary><c>ZREM key member</c>: true when the member was there.</summary>
    public static ValueTask<bool> ZRemAsync(this RedisClient client, string key, RedisValue member, CancellationToken cancellationToken = default) =>
        client.ExecuteAsync(CommandRequest.ForKey("ZREM", key, member), Replies.IsOne, cancellationToken);

    /// <summary><c>ZRANK key member</c>: the member's rank by ascending score, or null.</summary>
    public static ValueTask<long?> ZRankAsync(this RedisClient client, string key, RedisValue member, CommandFlags flags = CommandFlags.None, CancellationToken cancellationToken = default) =>
        client.ExecuteAsync(new CommandRequest("ZRANK", [key, member], 0, flags), Replies.NullableInteger, cancellationToken);

    /// <summary><c>ZREVRANK key member</c>: the member's rank by descending score, or null.</summary>
    public static ValueTask<long?> ZRevRankAsync(this RedisClient client, string key, RedisValue member, CommandFlags flags = CommandFlags.None, CancellationToken cancellationToken = default) =>
        client.ExecuteAsync(new CommandRequest("ZREVRANK", [key, member], 0, flags), Replies.NullableInteger, cancellationToken);

    /// <summary><c>ZSCORE key member</c>: the member's score, or null.</summary>
    public static ValueTask<double?> ZScoreAsync(this RedisClient client, string key, RedisValue member, CommandFlags flags = CommandFlags.None, CancellationToken cancellationToken = default) =>
        client.ExecuteAsync(new CommandRequest("ZSCORE", [key, member], 0, flags), Replies.NullableDouble, cancellationToken);

    /// <summary><c>ZCARD key</c>: the number of members (0 for a missing key).</summary>
    public static ValueTask<long> ZCardAsync(this RedisClient client, string key, CommandFlags flags = CommandFlags.None, CancellationToken cancellationToken = default) =>
        client.ExecuteAsync(new CommandRequest("ZCARD", [key], 0, flags), Replies.Integer, cancellationToken);

    /// <summary><c>ZLEXCOUNT key min max</c> with <c>[a</c>/<c>(a</c>/<c>-</c>/<c>+</c> bounds.</summary>
    public static ValueTask<long> ZLexCountAsync(this RedisClient client, string key, RedisValue min, RedisValue max, CommandFlags flags = CommandFlags.None, CancellationToken cancellationToken = default) =>
        client.ExecuteAsync(new CommandRequest("ZLEXCOUNT", [key, min, max], 0, flags), Replies.Integer, cancellationToken);

    /// <summary>
    /// <c>ZRANGE key min max BYLEX [REV] [LIMIT offset count]</c>: members between two lexicographic bounds
    /// (with <paramref name="reverse"/>, <paramref name="min"/> is the upper bound, as in Redis).
    /// </summary>
    public static ValueTask<string?[]> ZRangeByLexAsync(
        this RedisClient client, string key, RedisValue min, RedisValue max, bool reverse = false, long offset = 0, long count = -1,
        CommandFlags flags = CommandFlags.None, CancellationToken cancellationToken = default)
    {
        var args = new List<RedisValue>(8) { key, min, max, "BYLEX" };
        if (reverse)
        {
            args.Add("REV");
        }

        if (offset != 0 || count >= 0)
        {
            args.AddRange(["LIMIT", offset, count]);
        }

        return client.ExecuteAsync(new CommandRequest("ZRANGE", [.. args], 0, flags), Replies.StringArray, cancellationToken);
    }

    /// <summary><c>ZRANGE key start stop [REV] WITHSCORES</c>: members with scores by rank.</summary>
    public static ValueTask<SortedSetEntry[]> ZRangeWithScoresAsync(
        this RedisClient client, string key, long start, long stop, bool reverse = false, CommandFlags flags = CommandFlags.None, CancellationToken cancellationToken = default)
    {
        RedisValue[] args = reverse ? [key, start, stop, "REV", "WITHSCORES"] : [key, start, stop, "WITHSCORES"];
        return client.ExecuteAsync(new CommandRequest("ZRANGE", args, 0, flags), Replies.Entries, cancellationToken);
    }
}
